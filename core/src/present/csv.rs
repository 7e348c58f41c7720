//! Writing CSV rows: cells quoted and formulas neutralised by
//! [`crate::render::csv_out::push_text`].

use crate::base::text::{push_f64, push_u64};
use crate::render::csv_out::{self, Formulas};

/// Writes CSV rows (see [`Csv::row`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Csv(pub Formulas);

impl Csv {
    /// Text `s` as one cell of a row (see [`Row::text`]): for cells made
    /// once and written in many rows with [`Row::cells`].
    pub fn cell(self, s: &str) -> String {
        let mut out = String::with_capacity(s.len() + 2);
        csv_out::push_text(&mut out, s, self.0);
        out
    }

    /// Starts a row at the end of `out`: add its cells with
    /// [`Row::text`] and [`Row::num`], then [`Row::end`] it.
    pub fn row(self, out: &mut String) -> Row<'_> {
        Row {
            out,
            formulas: self.0,
            first: true,
        }
    }
}

/// One CSV row being written.
pub struct Row<'o> {
    out: &'o mut String,
    formulas: Formulas,
    first: bool,
}

impl Row<'_> {
    fn sep(&mut self) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
    }

    /// A text cell: quoted when needed, formulas neutralised (see
    /// [`csv_out::push_text`]).
    pub fn text(mut self, s: &str) -> Self {
        self.sep();
        csv_out::push_text(self.out, s, self.formulas);
        self
    }

    /// A number (or `true`/`false`, a date): written as it is.
    pub fn num(mut self, x: impl std::fmt::Display) -> Self {
        use std::fmt::Write as _;
        self.sep();
        let _ = write!(self.out, "{x}");
        self
    }

    /// A number as `{}` writes it (see [`push_f64`]), without the
    /// formatting machinery.
    pub fn float(mut self, x: f64) -> Self {
        self.sep();
        push_f64(self.out, x);
        self
    }

    /// An optional number as `{}` writes it: empty when absent.
    pub fn opt_float(mut self, x: Option<f64>) -> Self {
        self.sep();
        if let Some(x) = x {
            push_f64(self.out, x);
        }
        self
    }

    /// A count, without the formatting machinery.
    pub fn int(mut self, n: u64) -> Self {
        self.sep();
        push_u64(self.out, n);
        self
    }

    /// An optional number: empty when absent.
    pub fn opt(mut self, x: Option<impl std::fmt::Display>) -> Self {
        match x {
            Some(x) => self.num(x),
            None => {
                self.sep();
                self
            }
        }
    }

    /// Cells made by [`Csv::cell`] and joined by commas: `cells` is
    /// written as it is, with a comma before it unless it starts the row.
    pub fn cells(mut self, cells: &str) -> Self {
        self.sep();
        self.out.push_str(cells);
        self
    }

    /// `n` empty cells.
    pub fn pad(mut self, n: usize) -> Self {
        for _ in 0..n {
            self.sep();
        }
        self
    }

    /// Ends the row.
    pub fn end(self) {
        self.out.push('\n');
    }
}
