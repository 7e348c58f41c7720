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
