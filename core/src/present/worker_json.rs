//! `score --format json`'s bulk: a worker's result as serde_json's pretty
//! layout writes it, byte for byte, straight into a `String` with
//! [`crate::render::json`]'s writer (no serializer state, no second pass
//! to indent it).

use crate::render::json::Obj;
use crate::scoring::score::{
    CompetencyScore, CriterionScore, DomainScore, EvidenceUse, RuleOutcome, Status, WorkerScore,
};

/// Field `$k` of object `$o` (a key that needs no escaping); its value
/// follows.
macro_rules! key {
    ($o:expr, $k:literal) => {
        $o.key(concat!("\"", $k, "\": "))
    };
}

/// Appends `w` as serde_json's pretty layout writes it `depth` levels down
/// (two spaces each: the first line not indented, the following ones and
/// the closing brace as for a value at that depth).
pub(crate) fn push_worker(out: &mut String, w: &WorkerScore, depth: usize) {
    let mut o = Obj::open(out, depth);
    key!(o, "worker").string(&w.worker);
    key!(o, "overall").num(w.overall);
    if let Some(l) = &w.overall_level {
        key!(o, "overall_level").string(l);
    }
    key!(o, "domains").array(&w.domains, push_domain);
    key!(o, "competencies").array(&w.competencies, push_competency);
    o.close();
}

fn push_domain(out: &mut String, d: &DomainScore, depth: usize) {
    let mut o = Obj::open(out, depth);
    key!(o, "id").string(&d.id);
    key!(o, "score").num(d.score);
    if let Some(l) = &d.level {
        key!(o, "level").string(l);
    }
    o.close();
}

fn push_competency(out: &mut String, c: &CompetencyScore, depth: usize) {
    let mut o = Obj::open(out, depth);
    key!(o, "id").string(&c.id);
    key!(o, "score").num(c.score);
    key!(o, "level").opt_string(c.level.as_deref());
    key!(o, "status").string(status_name(c.status));
    key!(o, "coverage").float(c.coverage);
    key!(o, "items").int(c.items);
    // Left out when none, or without feature `rules` (as serde does).
    if let Some(r) = c.rule.as_ref().filter(|_| crate::scoring::RULES) {
        key!(o, "rule").object(|o| push_rule(o, r));
    }
    key!(o, "criteria").array(&c.criteria, push_criterion);
    o.close();
}

fn push_rule(o: &mut Obj<'_>, r: &RuleOutcome) {
    key!(o, "met").bool(r.met);
    key!(o, "criteria_met").int(u64::from(r.criteria_met));
    key!(o, "criteria_needed").int(u64::from(r.criteria_needed));
    key!(o, "required_unmet").strings(&r.required_unmet);
    key!(o, "unmet").strings(&r.unmet);
}

fn push_criterion(out: &mut String, k: &CriterionScore, depth: usize) {
    let mut o = Obj::open(out, depth);
    key!(o, "id").string(&k.id);
    key!(o, "score").num(k.score);
    key!(o, "items").int(k.items);
    key!(o, "weight").float(k.weight);
    key!(o, "evidence").array(&k.evidence, push_evidence);
    if let Some(r) = k.rating {
        key!(o, "rating").float(r);
    }
    if let Some(a) = &k.anchor {
        key!(o, "anchor").string(a);
    }
    o.close();
}

fn push_evidence(out: &mut String, e: &EvidenceUse, depth: usize) {
    let mut o = Obj::open(out, depth);
    key!(o, "id").opt_string(e.id.as_deref());
    key!(o, "line").int(e.line);
    key!(o, "kind").string(&e.kind);
    key!(o, "date").date(e.date);
    key!(o, "weight").float(e.weight);
    key!(o, "value").float(e.value);
    if let Some(r) = e.rating {
        key!(o, "rating").float(r);
    }
    if let Some(a) = &e.anchor {
        key!(o, "anchor").string(a);
    }
    if e.superseded {
        key!(o, "superseded").bool(true);
    }
    o.close();
}

/// A status as serde writes it (its snake_case name).
fn status_name(s: Status) -> &'static str {
    s.as_str()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

    use std::sync::Arc;

    use serde::Serialize;

    use super::*;
    use crate::base::date::Date;

    /// A small deterministic generator (xorshift).
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }

        fn text(&mut self) -> String {
            const PIECES: [&str; 14] = [
                "",
                "w1",
                "a\"b",
                "back\\slash",
                "\u{1}",
                "\n\t\r\u{8}\u{c}",
                "\u{1f}",
                "\u{7f}",
                "é漢字🙂",
                "\u{2028}\u{2029}",
                "/",
                "k1.previous-employment",
                "\u{0}",
                " ",
            ];
            (0..self.below(3))
                .map(|_| PIECES[self.below(PIECES.len())])
                .collect()
        }

        fn arc(&mut self) -> Arc<str> {
            self.text().into()
        }

        fn opt_arc(&mut self) -> Option<Arc<str>> {
            (self.below(2) == 0).then(|| self.arc())
        }

        fn float(&mut self) -> f64 {
            const SPECIAL: [f64; 14] = [
                0.0,
                -0.0,
                1.0,
                0.1,
                0.3,
                1e21,
                1e-7,
                123_456_789.0,
                5e-324,
                f64::MAX,
                f64::MIN_POSITIVE,
                f64::NAN,
                f64::INFINITY,
                f64::NEG_INFINITY,
            ];
            match self.below(3) {
                0 => SPECIAL[self.below(SPECIAL.len())],
                1 => f64::from_bits(self.next()),
                _ => (self.next() % 1_000_000) as f64 / 997.0,
            }
        }

        fn opt_float(&mut self) -> Option<f64> {
            (self.below(3) > 0).then(|| self.float())
        }

        fn int(&mut self) -> u64 {
            [0, 1, 9, 10, 99, u64::MAX, self.next(), self.next() % 1000][self.below(8)]
        }

        fn many<T>(&mut self, max: usize, mut f: impl FnMut(&mut Rng) -> T) -> Vec<T> {
            (0..self.below(max + 1)).map(|_| f(self)).collect()
        }

        fn evidence(&mut self) -> EvidenceUse {
            EvidenceUse {
                id: self.opt_arc(),
                line: self.int(),
                kind: self.arc(),
                date: Date::from_days([0, 20_000, -800_000, 3_000_000, i32::MIN][self.below(5)]),
                weight: self.float(),
                value: self.float(),
                rating: self.opt_float(),
                anchor: self.opt_arc(),
                superseded: self.below(2) == 0,
            }
        }

        fn criterion(&mut self) -> CriterionScore {
            CriterionScore {
                id: self.arc(),
                score: self.opt_float(),
                items: self.int(),
                weight: self.float(),
                evidence: self.many(3, Rng::evidence),
                rating: self.opt_float(),
                anchor: self.opt_arc(),
            }
        }

        fn competency(&mut self) -> CompetencyScore {
            CompetencyScore {
                id: self.arc(),
                score: self.opt_float(),
                level: self.opt_arc(),
                status: [
                    Status::Assessed,
                    Status::InsufficientEvidence,
                    Status::RuleNotMet,
                ][self.below(3)],
                coverage: self.float(),
                items: self.int(),
                rule: (self.below(2) == 0).then(|| RuleOutcome {
                    met: self.below(2) == 0,
                    criteria_met: self.next() as u32,
                    criteria_needed: self.below(5) as u32,
                    required_unmet: self.many(2, Rng::arc),
                    unmet: self.many(2, Rng::arc),
                }),
                criteria: self.many(3, Rng::criterion),
            }
        }

        fn worker(&mut self) -> WorkerScore {
            WorkerScore {
                worker: self.text(),
                overall: self.opt_float(),
                overall_level: self.opt_arc(),
                domains: self.many(2, |r| DomainScore {
                    id: r.arc(),
                    score: r.opt_float(),
                    level: r.opt_arc(),
                }),
                competencies: self.many(3, Rng::competency),
            }
        }
    }

    /// serde_json's pretty text of `value` with every line after the first
    /// indented by `depth` more levels: how it lays out the value that far
    /// down (it writes no raw line break inside a string).
    fn serde_at<T: Serialize>(value: &T, depth: usize) -> String {
        let text = serde_json::to_string_pretty(value).unwrap();
        text.replace('\n', &format!("\n{}", "  ".repeat(depth)))
    }

    /// Differential: a worker's result is byte for byte serde_json's
    /// pretty layout at every depth, over thousands of generated results
    /// with every field present and absent, texts that need escapes, and
    /// numbers serde_json writes specially (non-finite, -0, extremes).
    #[test]
    fn worker_json_is_serde_jsons_pretty_layout() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for case in 0..4000 {
            let w = rng.worker();
            let depth = case % 5;
            let mut got = String::new();
            push_worker(&mut got, &w, depth);
            assert_eq!(got, serde_at(&w, depth), "case {case}");
        }
        // Deeper than the indentation kept at hand.
        let w = rng.worker();
        let mut got = String::from("x");
        push_worker(&mut got, &w, 40);
        assert_eq!(got, format!("x{}", serde_at(&w, 40)));
    }

    #[test]
    fn integers_and_floats_as_serde_json_writes_them() {
        #[derive(Serialize)]
        struct X<T> {
            x: T,
        }
        let field = |put: &dyn Fn(&mut Obj<'_>)| {
            let mut s = String::new();
            let mut o = Obj::open(&mut s, 0);
            put(&mut o);
            o.close();
            s
        };
        for n in [
            0,
            1,
            9,
            10,
            11,
            99,
            100,
            12_345,
            u64::from(u32::MAX),
            u64::MAX,
        ] {
            let got = field(&|o| o.key("\"x\": ").int(n));
            assert_eq!(got, serde_json::to_string_pretty(&X { x: n }).unwrap());
        }
        let mut rng = Rng(7);
        for _ in 0..100_000 {
            let x = rng.float();
            let got = field(&|o| o.key("\"x\": ").float(x));
            let want = serde_json::to_string_pretty(&X { x }).unwrap();
            assert_eq!(got, want, "{x:e}");
        }
    }
}
