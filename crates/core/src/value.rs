//! Exact values: calendar dates and fixed-point decimals (money without floating point), and the
//! parsing of what citizens type (`01.09.2026`, `1.234,56 €`). STUB: owned by the expression work.

/// A calendar date (proleptic Gregorian, day precision).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// A valid date, or `None` (e.g. 31.02.).
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Option<Date> {
        if (1..=12).contains(&month) && day >= 1 && day <= 31 {
            Some(Date { year, month, day })
        } else {
            None
        }
    }
}
