"""Type stubs of the native extension ``proficient._native`` (see python/src/lib.rs)."""

from typing import Any, Dict, List, Optional, Tuple, Union, final

__all__ = [
    "__version__",
    "Framework",
    "Profile",
    "ScoreResult",
    "ScreenResult",
    "load_framework",
    "framework_from_yaml",
    "load_profile",
    "profile_from_yaml",
    "shipped_frameworks",
    "shipped_profiles",
    "score",
    "screen",
    "cohort",
    "equality",
    "delphi",
    "load_plans",
    "load_cpd",
    "progress",
    "cpd_summary",
    "cpd_evidence",
    "report",
    "import_case",
    "export_case",
    "badge",
]
__version__: str

@final
class Framework:
    @property
    def id(self) -> str: ...
    def to_json(self, *, pretty: bool = False) -> str: ...

@final
class Profile:
    @property
    def id(self) -> str: ...
    @property
    def framework(self) -> Framework: ...
    def to_json(self, *, pretty: bool = False) -> str: ...

@final
class ScoreResult:
    def to_json(self, *, pretty: bool = True) -> str: ...
    def counts(self) -> Tuple[int, int, int]: ...
    def columns(self, table: str) -> Dict[str, List[Any]]: ...

@final
class ScreenResult:
    def to_json(self, *, pretty: bool = True) -> str: ...
    def columns(self, table: str) -> Dict[str, List[Any]]: ...

def load_framework(name_or_path: str) -> Framework: ...
def framework_from_yaml(text: str) -> Framework: ...
def load_profile(name_or_path: str, framework: Optional[Framework] = None) -> Profile: ...
def profile_from_yaml(text: str, framework: Optional[Framework] = None) -> Profile: ...
def shipped_frameworks() -> List[str]: ...
def shipped_profiles() -> List[str]: ...
def score(
    framework: Framework,
    evidence: object,
    *,
    as_of: Optional[str] = None,
    policy: Optional[str] = None,
    policy_file: Optional[str] = None,
    explain: Union[bool, str] = True,
    text_format: Optional[str] = None,
) -> ScoreResult: ...
def screen(
    profile: Profile,
    evidence: object,
    *,
    as_of: Optional[str] = None,
    policy: Optional[str] = None,
    policy_file: Optional[str] = None,
    text_format: Optional[str] = None,
) -> ScreenResult: ...
def cohort(
    framework: Framework,
    evidence: object,
    *,
    as_of: Optional[str] = None,
    policy: Optional[str] = None,
    policy_file: Optional[str] = None,
    text_format: Optional[str] = None,
    profile: Optional[Profile] = None,
    plans_path: Optional[str] = None,
    min_holders: int = 2,
    level: str = "competent",
) -> str: ...
def equality(
    *,
    group: str,
    outcome: str,
    people_path: Optional[str] = None,
    people_csv: Optional[str] = None,
    period: Optional[str] = None,
    reason: Optional[str] = None,
    reference: Optional[str] = None,
    min_cell: int = 10,
) -> str: ...
def delphi(
    *,
    ratings_path: Optional[str] = None,
    ratings_json: Optional[str] = None,
    items_path: Optional[str] = None,
    items_json: Optional[str] = None,
    consensus: float = 0.7,
    stability: float = 0.15,
) -> str: ...
def load_plans(framework: Framework, *, path: Optional[str] = None, json: Optional[str] = None) -> str: ...
def load_cpd(framework: Framework, *, path: Optional[str] = None, json: Optional[str] = None) -> str: ...
def progress(
    framework: Framework,
    evidence: object,
    *,
    plans_path: Optional[str] = None,
    plans_json: Optional[str] = None,
    cpd_path: Optional[str] = None,
    cpd_json: Optional[str] = None,
    as_of: Optional[str] = None,
    policy: Optional[str] = None,
    policy_file: Optional[str] = None,
    text_format: Optional[str] = None,
    min_gain: Optional[float] = None,
) -> str: ...
def cpd_summary(
    framework: Framework, *, path: Optional[str] = None, json: Optional[str] = None, period: str = "quarter"
) -> str: ...
def cpd_evidence(framework: Framework, *, path: Optional[str] = None, json: Optional[str] = None) -> str: ...
def report(
    framework: Framework,
    evidence: object,
    *,
    plans_path: Optional[str] = None,
    plans_json: Optional[str] = None,
    cpd_path: Optional[str] = None,
    cpd_json: Optional[str] = None,
    as_of: Optional[str] = None,
    policy: Optional[str] = None,
    policy_file: Optional[str] = None,
    text_format: Optional[str] = None,
    min_gain: Optional[float] = None,
) -> str: ...
def import_case(
    *, path: Optional[str] = None, json: Optional[str] = None, lenient: bool = False
) -> Tuple[Framework, str]: ...
def export_case(
    framework: Framework, *, fallback: Optional[int] = None, origin: Optional[str] = None
) -> Tuple[str, str, str]: ...
def badge(
    framework: Framework,
    evidence: object,
    *,
    worker: str,
    competency: str,
    issuer_path: Optional[str] = None,
    issuer_json: Optional[str] = None,
    level: Optional[str] = None,
    id: Optional[str] = None,
    as_of: Optional[str] = None,
    policy: Optional[str] = None,
    policy_file: Optional[str] = None,
    text_format: Optional[str] = None,
) -> str: ...
