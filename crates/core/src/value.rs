//! Exact values: calendar dates and fixed-point decimals (money without floating point), and the
//! parsing of what citizens type (`01.09.2026`, `1.234,56 €`).
//!
//! Nothing here reads a clock: "today" is always passed in. Nothing here panics on any input;
//! every operation that can fail (invalid input, overflow, division by zero) returns `None`.
//!
//! # Dates ([`Date`])
//! Proleptic Gregorian calendar, day precision, years 1 to 9999.
//!
//! | Function | Accepts |
//! |---|---|
//! | [`Date::parse_iso`] | exactly `JJJJ-MM-TT` (`2026-09-01`) |
//! | [`Date::parse_input`] | German `TT.MM.JJJJ` and `T.M.JJJJ` (`1.9.2026`, `01.09.2026`, `1. 9. 2026`), or ISO `2026-09-01`; spaces around the numbers are ignored. Two-digit years (`1.9.26`) are rejected because they are ambiguous (with a message of their own). |
//! | [`DateBound::parse`] | `today`, `today+3m`, `today-16y`, `today-14d` (units `d`, `w`, `m`, `y`) or an ISO date |
//!
//! # Decimals ([`Dec`])
//! A signed decimal with exactly [`Dec::SCALE_DIGITS`] (6) places after the point, stored as an
//! `i128` count of millionths, magnitude at most 10^30. Money is a `Dec` rounded to 2 places.
//!
//! [`Dec::parse_input`] accepts what German users type (see there for the exact rules):
//! `1234`, `1234,56`, `1.234,56`, `1 234,56`, `1234.56`, `-12,5`, `1.234,56 €`, `1234 EUR`.

use std::fmt;

// ---------------------------------------------------------------------------------------------
// Date
// ---------------------------------------------------------------------------------------------

/// A calendar date (proleptic Gregorian, day precision, years 1–9999). Ordered chronologically.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// The months' English names, January first (dates for people and messages for authors).
pub(crate) const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Is `year` a leap year in the Gregorian calendar?
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in `month` (1–12) of `year`; 0 for an invalid month.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

// Howard Hinnant's algorithms (days relative to 1970-01-01, proleptic Gregorian).
/// Days since 1970-01-01 of year `y`, month `m`, day `d` (any year).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// (year, month, day) of a day count since 1970-01-01 (any year).
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// The offset of German civil time (CET; CEST from the last Sunday of March 01:00 UTC to the
/// last Sunday of October 01:00 UTC) at a UTC instant, in seconds.
fn germany_offset_secs(utc_secs: i64) -> i64 {
    let (y, _, _) = civil_from_days(utc_secs.div_euclid(86_400));
    let last_sunday = |month: i64| {
        let last = days_from_civil(y, month, 31);
        // 1970-01-01 was a Thursday: weekday 0 = Sunday → (days + 4) % 7.
        last - (last + 4).rem_euclid(7)
    };
    let start = last_sunday(3) * 86_400 + 3600;
    let end = last_sunday(10) * 86_400 + 3600;
    if (start..end).contains(&utc_secs) {
        7200
    } else {
        3600
    }
}

/// Parses 1..=max_len ASCII digits (no sign, nothing else).
fn parse_digits(s: &str, min_len: usize, max_len: usize) -> Option<u32> {
    if s.len() < min_len || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// For an author: why a text written like a date (`2026-02-31`, `31.02.2026`) is none, when
/// its day or month does not exist ("February 2026 has 28 days"). `None` for a valid date and
/// for text not written like one.
#[cfg(not(feature = "author-checks"))]
pub fn no_such_day(_: &str) -> Option<String> {
    // The app only gets forms the server checked: no checker text in the browser.
    None
}

/// See the other `no_such_day`.
#[cfg(feature = "author-checks")]
pub fn no_such_day(s: &str) -> Option<String> {
    let s = s.trim();
    // ISO with two-digit month and day, or as citizens write it (`31.2.2026`).
    let (parts, least): (Vec<&str>, usize) = if s.contains('-') {
        (s.split('-').collect(), 2)
    } else {
        (s.split('.').map(str::trim).rev().collect(), 1)
    };
    let [y, m, d] = parts[..] else { return None };
    let year = parse_digits(y, 4, 4)? as i32;
    let month = parse_digits(m, least, 2)?;
    let day = parse_digits(d, least, 2)?;
    if year == 0 {
        return Some(format!("`{s}` is no date: the years start at 0001"));
    }
    if day == 0 {
        return Some(format!("`{s}` is no date: there is no day 0"));
    }
    if !(1..=12).contains(&month) {
        return Some(format!("`{s}` is no date: there is no month {month}"));
    }
    let days = days_in_month(year, month as u8);
    (day > u32::from(days)).then(|| {
        let name = MONTHS_EN[month as usize - 1];
        format!("`{s}` is no date: {name} {year} has {days} days")
    })
}

impl Date {
    /// Earliest representable date, 0001-01-01.
    pub const MIN: Date = Date {
        year: 1,
        month: 1,
        day: 1,
    };
    /// Latest representable date, 9999-12-31.
    pub const MAX: Date = Date {
        year: 9999,
        month: 12,
        day: 31,
    };

    /// A valid date, or `None` (e.g. 31.04., 29.02. in a non-leap year, year outside 1–9999).
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=9999).contains(&year) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Exactly `JJJJ-MM-TT` with a valid date (`2026-09-01`). No spaces, no time part.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let mut parts = s.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let year = parse_digits(y, 4, 4)?;
        let month = parse_digits(m, 2, 2)?;
        let day = parse_digits(d, 2, 2)?;
        Date::from_ymd(year as i32, month as u8, day as u8)
    }

    /// What a citizen types: `TT.MM.JJJJ` or `T.M.JJJJ` (day and month with one or two digits,
    /// year with exactly four), or ISO `JJJJ-MM-TT`. Whitespace around the numbers is ignored
    /// (`1. 9. 2026`: phone keyboards put a space after a dot).
    /// Rejected: two-digit years, other separators, trailing dots, invalid dates (`31.02.2026`).
    pub fn parse_input(s: &str) -> Option<Date> {
        let s = s.trim();
        if s.contains('-') {
            return Date::parse_iso(s);
        }
        let mut parts = s.split('.').map(str::trim);
        let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let day = parse_digits(d, 1, 2)?;
        let month = parse_digits(m, 1, 2)?;
        let year = parse_digits(y, 4, 4)?;
        Date::from_ymd(year as i32, month as u8, day as u8)
    }

    /// Whether `s` is a German date with a two-digit year (`1.9.26`): worth its own message,
    /// since the year is the only thing wrong.
    pub fn has_short_year(s: &str) -> bool {
        let parts: Vec<&str> = s.trim().split('.').map(str::trim).collect();
        let [d, m, y] = parts.as_slice() else {
            return false;
        };
        // Only when the day and month are possible (29.02 in a leap year): otherwise the year
        // is not the only thing to correct.
        let (Some(d), Some(m)) = (parse_digits(d, 1, 2), parse_digits(m, 1, 2)) else {
            return false;
        };
        parse_digits(y, 2, 2).is_some() && Date::from_ymd(2000, m as u8, d as u8).is_some()
    }

    /// ISO 8601: `2026-09-01`.
    pub fn to_iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// German: `01.09.2026`.
    pub fn to_german(&self) -> String {
        format!("{:02}.{:02}.{:04}", self.day, self.month, self.year)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(&self) -> i64 {
        days_from_civil(self.year as i64, self.month as i64, self.day as i64)
    }

    /// The date `days` after 1970-01-01, or `None` outside years 1–9999.
    pub fn from_days(days: i64) -> Option<Date> {
        if !(Date::MIN.days_since_epoch()..=Date::MAX.days_since_epoch()).contains(&days) {
            return None;
        }
        let (y, m, d) = civil_from_days(days);
        Date::from_ymd(y as i32, m as u8, d as u8)
    }

    /// "Today" in Germany (Europe/Berlin) at a UTC instant given in milliseconds since 1970:
    /// the day that `today` in date bounds and expressions means, in the browser (whatever its
    /// time zone) and on the server alike. Clamped to [`Date::MIN`]..=[`Date::MAX`].
    pub fn today_in_germany(utc_ms: i64) -> Date {
        Date::in_germany(utc_ms).0
    }

    /// The date and the minute of the day (0..1440) in Germany at a UTC instant in
    /// milliseconds: [`Date::today_in_germany`] with the time, for when something arrived.
    pub fn in_germany(utc_ms: i64) -> (Date, u32) {
        let secs = utc_ms.div_euclid(1000);
        let local = secs + germany_offset_secs(secs);
        let date = Date::from_days(local.div_euclid(86_400)).unwrap_or(if local < 0 {
            Date::MIN
        } else {
            Date::MAX
        });
        (date, (local.rem_euclid(86_400) / 60) as u32)
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    pub fn weekday(&self) -> u8 {
        ((self.days_since_epoch() + 3).rem_euclid(7) + 1) as u8
    }

    /// `n` days later (earlier for negative `n`); `None` outside years 1–9999.
    pub fn add_days(&self, n: i64) -> Option<Date> {
        Date::from_days(self.days_since_epoch().checked_add(n)?)
    }

    /// `n` calendar months later (earlier for negative `n`). A day that does not exist in the
    /// target month is clamped to its last day: 31.01. + 1 month = 28.02. (29.02. in leap years).
    pub fn add_months(&self, n: i64) -> Option<Date> {
        let index = (self.year as i64)
            .checked_mul(12)?
            .checked_add(self.month as i64 - 1)?
            .checked_add(n)?;
        let year = index.div_euclid(12);
        let month = (index.rem_euclid(12) + 1) as u8;
        if !(1..=9999).contains(&year) {
            return None;
        }
        let year = year as i32;
        let day = self.day.min(days_in_month(year, month));
        Date::from_ymd(year, month, day)
    }

    /// `n` years later (earlier for negative `n`); 29.02. becomes 28.02. in non-leap years.
    pub fn add_years(&self, n: i64) -> Option<Date> {
        self.add_months(n.checked_mul(12)?)
    }

    /// Age in full years on `today` of someone born on `birth` (negative if `today` is before
    /// the birthday in the birth year; someone born on 29.02. turns a year older on 01.03. in
    /// non-leap years).
    pub fn age_on(birth: Date, today: Date) -> i32 {
        let mut age = today.year - birth.year;
        if (today.month, today.day) < (birth.month, birth.day) {
            age -= 1;
        }
        age
    }
}

impl fmt::Display for Date {
    /// ISO 8601.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_iso())
    }
}

/// Unit of a relative [`DateBound`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DateUnit {
    Days,
    Weeks,
    Months,
    Years,
}

/// A date limit as authors write it in `minDate`/`maxDate`: a fixed ISO date, or relative to
/// the day of filling in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DateBound {
    /// `2024-01-01`.
    Fixed(Date),
    /// `today` (amount 0), `today-16y`, `today+3m`, `today-14d`, `today+2w`.
    Today { amount: i64, unit: DateUnit },
}

impl DateBound {
    /// Accepts `today`, `today±N` followed by `d` (days), `w` (weeks), `m` (months) or `y`
    /// (years) with N of 1–5 digits, or an ISO date `JJJJ-MM-TT`. Surrounding spaces are ignored;
    /// nothing else is (no spaces inside, no uppercase).
    pub fn parse(s: &str) -> Option<DateBound> {
        let s = s.trim();
        let Some(rest) = s.strip_prefix("today") else {
            return Date::parse_iso(s).map(DateBound::Fixed);
        };
        if rest.is_empty() {
            return Some(DateBound::Today {
                amount: 0,
                unit: DateUnit::Days,
            });
        }
        let (negative, rest) = match rest.as_bytes()[0] {
            b'+' => (false, &rest[1..]),
            b'-' => (true, &rest[1..]),
            _ => return None,
        };
        let unit = match rest.as_bytes().last()? {
            b'd' => DateUnit::Days,
            b'w' => DateUnit::Weeks,
            b'm' => DateUnit::Months,
            b'y' => DateUnit::Years,
            _ => return None,
        };
        let amount = parse_digits(&rest[..rest.len() - 1], 1, 5)? as i64;
        Some(DateBound::Today {
            amount: if negative { -amount } else { amount },
            unit,
        })
    }

    /// The concrete date for the day `today`. Results beyond the representable range are
    /// clamped to [`Date::MIN`] / [`Date::MAX`].
    pub fn resolve(&self, today: Date) -> Date {
        match *self {
            DateBound::Fixed(d) => d,
            DateBound::Today { amount, unit } => {
                let r = match unit {
                    DateUnit::Days => today.add_days(amount),
                    DateUnit::Weeks => today.add_days(amount * 7),
                    DateUnit::Months => today.add_months(amount),
                    DateUnit::Years => today.add_years(amount),
                };
                r.unwrap_or(if amount < 0 { Date::MIN } else { Date::MAX })
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Dec
// ---------------------------------------------------------------------------------------------

const SCALE: i128 = 1_000_000;
/// Bound (exclusive) of the magnitude of the internal representation: 10^30 whole units.
const MAX_RAW: i128 = 1_000_000_000_000_000_000_000_000_000_000_000_000; // 10^36

/// An exact signed decimal with 6 places after the point (no floating point anywhere).
///
/// All arithmetic is checked: overflow (magnitude 10^30 or more) and division by zero give
/// `None`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Dec(i128);

/// Why [`Dec::parse_input_detailed`] rejected an input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DecInputError {
    /// Nothing (or only spaces / a currency sign) was entered.
    Empty,
    /// Not a number in any accepted form.
    Invalid,
    /// A number, but with more decimal places than allowed.
    TooManyDecimals,
    /// More than 18 digits before the decimal separator.
    TooLarge,
}

fn round_div(p: i128, d: i128) -> i128 {
    // p / d rounded half away from zero; d > 0.
    let q = p / d;
    let r = p % d;
    if r.abs() * 2 >= d {
        q + p.signum()
    } else {
        q
    }
}

impl Dec {
    /// Number of decimal places stored.
    pub const SCALE_DIGITS: u8 = 6;
    pub const ZERO: Dec = Dec(0);
    pub const ONE: Dec = Dec(SCALE);

    fn checked(raw: i128) -> Option<Dec> {
        (-MAX_RAW < raw && raw < MAX_RAW).then_some(Dec(raw))
    }

    /// An integer value.
    pub fn from_i64(n: i64) -> Dec {
        Dec(n as i128 * SCALE)
    }

    /// `units / 10^places`, e.g. `from_scaled(123456, 2)` = 1234.56. `None` when `places` > 6
    /// or out of range.
    pub fn from_scaled(units: i128, places: u8) -> Option<Dec> {
        if places > Self::SCALE_DIGITS {
            return None;
        }
        let f = 10i128.pow((Self::SCALE_DIGITS - places) as u32);
        Dec::checked(units.checked_mul(f)?)
    }

    pub fn is_zero(&self) -> bool {
        self.0 == 0
    }
    pub fn is_negative(&self) -> bool {
        self.0 < 0
    }
    /// No places after the point.
    pub fn is_integer(&self) -> bool {
        self.0 % SCALE == 0
    }
    /// The value as `i64` if it is an integer in range.
    pub fn to_i64(&self) -> Option<i64> {
        if self.is_integer() {
            i64::try_from(self.0 / SCALE).ok()
        } else {
            None
        }
    }
    pub fn abs(&self) -> Dec {
        Dec(self.0.abs())
    }
    pub fn neg(&self) -> Dec {
        Dec(-self.0)
    }
    /// Number of places after the point actually used (0–6): 1 for 12.5, 0 for 12.
    pub fn places_used(&self) -> u8 {
        let mut r = self.0 % SCALE;
        if r == 0 {
            return 0;
        }
        let mut places = Self::SCALE_DIGITS;
        while r % 10 == 0 {
            r /= 10;
            places -= 1;
        }
        places
    }

    pub fn checked_add(self, other: Dec) -> Option<Dec> {
        Dec::checked(self.0.checked_add(other.0)?)
    }
    pub fn checked_sub(self, other: Dec) -> Option<Dec> {
        Dec::checked(self.0.checked_sub(other.0)?)
    }
    /// Product, rounded half away from zero to 6 places.
    pub fn checked_mul(self, other: Dec) -> Option<Dec> {
        let (a1, a0) = (self.0 / SCALE, self.0 % SCALE);
        let (b1, b0) = (other.0 / SCALE, other.0 % SCALE);
        let whole = a1.checked_mul(b1)?.checked_mul(SCALE)?;
        let mixed = a1.checked_mul(b0)?.checked_add(a0.checked_mul(b1)?)?;
        let small = round_div(a0 * b0, SCALE);
        Dec::checked(whole.checked_add(mixed)?.checked_add(small)?)
    }
    /// Quotient, rounded half away from zero to 6 places; `None` when dividing by zero.
    pub fn checked_div(self, other: Dec) -> Option<Dec> {
        if other.0 == 0 {
            return None;
        }
        let negative = (self.0 < 0) != (other.0 < 0);
        let (a, b) = (self.0.unsigned_abs(), other.0.unsigned_abs());
        let mut q = a / b;
        let mut r = a % b;
        for _ in 0..Self::SCALE_DIGITS {
            r *= 10; // r < b <= 10^36, so r * 10 < 2^128
            q = q.checked_mul(10)?.checked_add(r / b)?;
            r %= b;
        }
        if r >= b - r {
            q = q.checked_add(1)?;
        }
        let q = i128::try_from(q).ok()?;
        Dec::checked(if negative { -q } else { q })
    }

    /// Rounded to `places` places after the point, half away from zero (commercial rounding:
    /// 0.125 → 0.13, -0.125 → -0.13). `places` ≥ 6 changes nothing.
    pub fn round_to(&self, places: u8) -> Dec {
        if places >= Self::SCALE_DIGITS {
            return *self;
        }
        let f = 10i128.pow((Self::SCALE_DIGITS - places) as u32);
        Dec(round_div(self.0, f) * f)
    }

    /// The canonical machine form: `-?[0-9]+(\.[0-9]{1,6})?`, e.g. `1234`, `-1234.5`, `0.05`.
    /// Leading zeros are accepted (`007`); nothing else is (no `+`, no spaces, no `.5`, no `5.`,
    /// no exponent, at most 6 places, magnitude below 10^30).
    pub fn parse_canonical(s: &str) -> Option<Dec> {
        let (negative, body) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (int, frac) = match body.split_once('.') {
            Some((i, f)) => {
                if f.is_empty() || f.len() > Self::SCALE_DIGITS as usize {
                    return None;
                }
                (i, f)
            }
            None => (body, ""),
        };
        let v = Dec::from_digits(int, frac)?;
        Some(if negative { v.neg() } else { v })
    }

    /// Builds a value from ASCII integer digits (at least one) and fraction digits (0–6).
    fn from_digits(int: &str, frac: &str) -> Option<Dec> {
        if int.is_empty()
            || frac.len() > Self::SCALE_DIGITS as usize
            || !int.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let mut raw: i128 = 0;
        for b in int.bytes() {
            raw = raw.checked_mul(10)?.checked_add((b - b'0') as i128)?;
            if raw >= MAX_RAW / SCALE {
                return None;
            }
        }
        raw = raw.checked_mul(SCALE)?;
        let mut f = SCALE;
        for b in frac.bytes() {
            f /= 10;
            raw += (b - b'0') as i128 * f;
        }
        Dec::checked(raw)
    }

    /// What a citizen types, with at most `places` decimal places. `None` when rejected; see
    /// [`Dec::parse_input_detailed`] for the reason and the exact rules.
    pub fn parse_input(s: &str, places: u8) -> Option<Dec> {
        Dec::parse_input_detailed(s, places).ok()
    }

    /// What a citizen types, with at most `places` decimal places. Accepted, in this order:
    ///
    /// 1. Whitespace around the input is ignored (also no-break spaces).
    /// 2. An optional currency `€` or `EUR` (any case) after the amount, or before it (`€ 5`),
    ///    with or without a space between.
    /// 3. An optional sign `-` or `+` (also the typographic minus `−`) directly before the digits.
    /// 4. The number itself, one of:
    ///    - digits only: `1234`;
    ///    - a **comma** as decimal separator (German): `1234,56`; exactly one comma, followed by
    ///      at least one digit;
    ///    - thousands separators in the integer part: dots `1.234.567,89` or single spaces
    ///      `1 234 567,89` (also no-break spaces); the first group has 1–3 digits, every further
    ///      group exactly 3, and only one kind of separator is used;
    ///    - a single **dot** as decimal separator, when there is no comma and the dot is not
    ///      followed by exactly three digits: `1234.5`, `1234.56` (`1.234` is one thousand two
    ///      hundred thirty-four, German style; `1.2345` is 1.2345 when 4 places are allowed);
    ///    - the English way, commas grouping thousands before one decimal dot: `1,234.56`,
    ///      `1,234,567.8` (a comma alone stays the German decimal separator: `1,234` is 1.234).
    ///
    /// Rejected: empty input ([`DecInputError::Empty`]); letters, several commas (`1,2,3`),
    /// badly grouped dots (`1.23.4`), a comma and dots after it, a separator at the start or end
    /// (`,5`, `5,`), mixed separators ([`DecInputError::Invalid`]); more decimal places than
    /// `places` ([`DecInputError::TooManyDecimals`], even when they are zeros: `1,230` with
    /// 2 places); more than 18 digits before the separator ([`DecInputError::TooLarge`]).
    pub fn parse_input_detailed(s: &str, places: u8) -> Result<Dec, DecInputError> {
        let places = places.min(Self::SCALE_DIGITS) as usize;
        let is_space = |c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}';
        let mut t = s.trim_matches(is_space);
        // The currency before the amount, as some write it (`€ 1.200`, `EUR 1200`), or after
        // it; not both.
        let leading = t.strip_prefix('€').or_else(|| {
            (t.len() > 3 && t.is_char_boundary(3) && t[..3].eq_ignore_ascii_case("eur"))
                .then(|| &t[3..])
        });
        let trailing = || {
            t.strip_suffix('€').or_else(|| {
                let n = t.len().checked_sub(3)?;
                (t.is_char_boundary(n) && t[n..].eq_ignore_ascii_case("eur")).then(|| &t[..n])
            })
        };
        if let Some(rest) = leading {
            t = rest.trim_start_matches(is_space);
        } else if let Some(rest) = trailing() {
            t = rest.trim_end_matches(is_space);
        }
        if t.is_empty() {
            return Err(DecInputError::Empty);
        }
        let (negative, t) = if let Some(r) = t.strip_prefix('-') {
            (true, r)
        } else if let Some(r) = t.strip_prefix('−') {
            (true, r)
        } else if let Some(r) = t.strip_prefix('+') {
            (false, r)
        } else {
            (false, t)
        };
        let invalid = Err(DecInputError::Invalid);
        // Split into integer part and fraction.
        let commas = t.matches(',').count();
        let dots = t.matches('.').count();
        // Both separators, the dot last: the English way (`1,000.50`, `1,234,567.8`). The
        // commas must then group thousands, which the integer part's check below ensures.
        let english = commas >= 1 && dots == 1 && t.rfind('.') > t.rfind(',');
        let (int, frac) = if english {
            let (i, f) = t.split_once('.').unwrap_or((t, ""));
            (i, Some(f))
        } else if commas > 1 {
            return invalid;
        } else if commas == 1 {
            let (i, f) = t.split_once(',').unwrap_or((t, ""));
            (i, Some(f))
        } else if dots == 1 {
            let (i, f) = t.split_once('.').unwrap_or((t, ""));
            let grouped = f.len() == 3 && f.bytes().all(|b| b.is_ascii_digit());
            if grouped && !i.contains(is_space) {
                (t, None)
            } else {
                (i, Some(f))
            }
        } else {
            (t, None)
        };
        if let Some(f) = frac {
            if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
                return invalid;
            }
        }
        // Integer part: plain digits, or groups separated by one kind of separator.
        let has_dot = int.contains('.');
        let has_space = int.contains(is_space);
        let has_comma = english && int.contains(',');
        if (has_dot as u8 + has_space as u8 + has_comma as u8) > 1 {
            return invalid;
        }
        let mut digits = String::with_capacity(int.len());
        if has_dot || has_space || has_comma {
            let groups: Vec<&str> = if has_dot {
                int.split('.').collect()
            } else if has_comma {
                int.split(',').collect()
            } else {
                int.split(is_space).collect()
            };
            for (n, g) in groups.iter().enumerate() {
                let ok_len = if n == 0 {
                    (1..=3).contains(&g.len())
                } else {
                    g.len() == 3
                };
                if !ok_len || !g.bytes().all(|b| b.is_ascii_digit()) {
                    return invalid;
                }
                digits.push_str(g);
            }
        } else {
            if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
                return invalid;
            }
            digits.push_str(int);
        }
        let frac = frac.unwrap_or("");
        if frac.len() > places {
            return Err(DecInputError::TooManyDecimals);
        }
        if digits.trim_start_matches('0').len() > 18 {
            return Err(DecInputError::TooLarge);
        }
        let v = Dec::from_digits(&digits, frac).ok_or(DecInputError::TooLarge)?;
        Ok(if negative { v.neg() } else { v })
    }

    fn split(&self, places: u8) -> (bool, String, String) {
        let places = places.min(Self::SCALE_DIGITS);
        let r = self.round_to(places);
        let negative = r.0 < 0;
        let abs = r.0.unsigned_abs();
        let int = (abs / SCALE as u128).to_string();
        let frac = format!("{:06}", abs % SCALE as u128);
        (negative, int, frac[..places as usize].to_string())
    }

    /// Canonical machine form with exactly `places` places (rounded half away from zero):
    /// `to_canonical(2)` of 1234.5 is `1234.50`; with 0 places `1235`. At most 6 places.
    pub fn to_canonical(&self, places: u8) -> String {
        let (negative, int, frac) = self.split(places);
        let sign = if negative { "-" } else { "" };
        if frac.is_empty() {
            format!("{sign}{int}")
        } else {
            format!("{sign}{int}.{frac}")
        }
    }

    /// German display with exactly `places` places and dots between thousands: `1.234,50`,
    /// `-0,50`. At most 6 places.
    pub fn to_german(&self, places: u8) -> String {
        let (negative, int, frac) = self.split(places);
        let mut out = String::new();
        if negative {
            out.push('-');
        }
        let len = int.len();
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (len - i) % 3 == 0 {
                out.push('.');
            }
            out.push(c);
        }
        if !frac.is_empty() {
            out.push(',');
            out.push_str(&frac);
        }
        out
    }

    /// Shortest canonical form without trailing zeros: `1234.5`, `-3`, `0.000001`.
    pub fn to_plain(&self) -> String {
        self.to_canonical(self.places_used())
    }
}

impl fmt::Display for Dec {
    /// [`Dec::to_plain`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_plain())
    }
}

impl fmt::Debug for Dec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Dec({})", self.to_plain())
    }
}

impl From<i64> for Dec {
    fn from(n: i64) -> Dec {
        Dec::from_i64(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_is_the_day_in_germany() {
        let at = |y, m, d, h: i64, min: i64| {
            (days_from_civil(y, m, d) * 86_400 + h * 3600 + min * 60) * 1000
        };
        let today = |ms| Date::today_in_germany(ms).to_iso();
        // 2026-03-29 00:59:59 UTC is still CET, 01:00 UTC is CEST; back on 25 October.
        let t = days_from_civil(2026, 3, 29) * 86_400;
        assert_eq!(germany_offset_secs(t + 3599), 3600);
        assert_eq!(germany_offset_secs(t + 3600), 7200);
        let t = days_from_civil(2026, 10, 25) * 86_400;
        assert_eq!(germany_offset_secs(t + 3599), 7200);
        assert_eq!(germany_offset_secs(t + 3600), 3600);
        // 22:30 UTC on 31 August is already 1 September in Germany (CEST) …
        assert_eq!(today(at(2026, 8, 31, 22, 30)), "2026-09-01");
        assert_eq!(today(at(2026, 8, 31, 21, 59)), "2026-08-31");
        // … and 23:00 UTC on 3 December is 4 December (CET), whatever the browser's zone says.
        assert_eq!(today(at(2026, 12, 3, 23, 0)), "2026-12-04");
        assert_eq!(today(at(2026, 12, 3, 22, 59)), "2026-12-03");
        // New Year's Eve.
        assert_eq!(today(at(2026, 12, 31, 23, 0)), "2027-01-01");
        // With the time: 22:30 UTC in summer is 00:30 the next day.
        let (d, minute) = Date::in_germany(at(2026, 8, 31, 22, 30));
        assert_eq!((d.to_iso().as_str(), minute), ("2026-09-01", 30));
        // Out of range clamps.
        assert_eq!(Date::today_in_germany(i64::MIN / 2), Date::MIN);
        assert_eq!(Date::today_in_germany(i64::MAX / 2), Date::MAX);
    }

    #[cfg(feature = "author-checks")]
    #[test]
    fn days_that_do_not_exist_are_named() {
        assert_eq!(
            no_such_day("2026-02-31").as_deref(),
            Some("`2026-02-31` is no date: February 2026 has 28 days")
        );
        assert_eq!(
            no_such_day("31.02.2028").as_deref(),
            Some("`31.02.2028` is no date: February 2028 has 29 days")
        );
        assert_eq!(
            no_such_day("31.4.2026").as_deref(),
            Some("`31.4.2026` is no date: April 2026 has 30 days")
        );
        assert_eq!(
            no_such_day("2026-13-01").as_deref(),
            Some("`2026-13-01` is no date: there is no month 13")
        );
        assert_eq!(
            no_such_day("00.01.2026").as_deref(),
            Some("`00.01.2026` is no date: there is no day 0")
        );
        assert_eq!(
            no_such_day("0000-02-01").as_deref(),
            Some("`0000-02-01` is no date: the years start at 0001")
        );
        for fine_or_other in [
            "2026-02-28",
            "29.02.2028",
            "today",
            "1.9.26",
            "2026-02",
            "",
            "2026-2-30",
        ] {
            assert_eq!(no_such_day(fine_or_other), None, "{fine_or_other}");
        }
    }

    use proptest::prelude::*;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::from_ymd(y, m, day).unwrap()
    }
    fn dec(s: &str) -> Dec {
        Dec::parse_canonical(s).unwrap()
    }

    #[test]
    fn from_ymd_validates_month_ends_and_leap_years() {
        assert!(Date::from_ymd(2024, 2, 29).is_some());
        assert!(Date::from_ymd(2023, 2, 29).is_none());
        assert!(Date::from_ymd(2000, 2, 29).is_some());
        assert!(Date::from_ymd(1900, 2, 29).is_none());
        assert!(Date::from_ymd(2026, 4, 31).is_none());
        assert!(Date::from_ymd(2026, 12, 31).is_some());
        assert!(Date::from_ymd(2026, 13, 1).is_none());
        assert!(Date::from_ymd(2026, 0, 1).is_none());
        assert!(Date::from_ymd(2026, 1, 0).is_none());
        assert!(Date::from_ymd(0, 1, 1).is_none());
        assert!(Date::from_ymd(10000, 1, 1).is_none());
    }

    #[test]
    fn parses_iso_strictly() {
        assert_eq!(Date::parse_iso("2026-09-01"), Some(d(2026, 9, 1)));
        for bad in [
            "2026-9-1",
            "26-09-01",
            "2026-09-01 ",
            "2026-02-30",
            "2026/09/01",
            "",
            "2026-09-01-1",
            "+026-09-01",
        ] {
            assert_eq!(Date::parse_iso(bad), None, "{bad}");
        }
    }

    #[test]
    fn parses_german_and_iso_input() {
        assert_eq!(Date::parse_input("01.09.2026"), Some(d(2026, 9, 1)));
        assert_eq!(Date::parse_input("1.9.2026"), Some(d(2026, 9, 1)));
        assert_eq!(Date::parse_input(" 29.02.2024 "), Some(d(2024, 2, 29)));
        assert_eq!(Date::parse_input("2026-09-01"), Some(d(2026, 9, 1)));
        for bad in [
            "29.02.2023",
            "1.9.26",
            "01.09.2026.",
            "001.09.2026",
            "01,09,2026",
            "01.09",
            "a.b.cccc",
            "",
            "31.4.2026",
            "01 09 2026",
            "0 1.09.2026",
        ] {
            assert_eq!(Date::parse_input(bad), None, "{bad}");
        }
        assert_eq!(Date::parse_input("1. 9. 2026"), Some(d(2026, 9, 1)));
        assert_eq!(Date::parse_input("01. 09.2026"), Some(d(2026, 9, 1)));
        assert!(Date::has_short_year("1.9.26"));
        assert!(Date::has_short_year(" 01. 09. 26"));
        assert!(!Date::has_short_year("1.9.2026"));
        assert!(!Date::has_short_year("1.9.2"));
        assert!(!Date::has_short_year("a.9.26"));
        assert!(!Date::has_short_year("31.2.26"));
        assert!(!Date::has_short_year("0.0.26"));
        assert!(Date::has_short_year("29.2.24"));
    }

    #[test]
    fn formats_dates() {
        assert_eq!(d(2026, 9, 1).to_iso(), "2026-09-01");
        assert_eq!(d(2026, 9, 1).to_german(), "01.09.2026");
        assert_eq!(d(7, 1, 2).to_iso(), "0007-01-02");
        assert_eq!(d(2026, 9, 1).to_string(), "2026-09-01");
    }

    #[test]
    fn day_arithmetic_and_weekdays() {
        assert_eq!(d(1970, 1, 1).days_since_epoch(), 0);
        assert_eq!(d(2000, 3, 1).days_since_epoch(), 11017);
        assert_eq!(Date::from_days(-1), Some(d(1969, 12, 31)));
        assert_eq!(d(2024, 2, 28).add_days(1), Some(d(2024, 2, 29)));
        assert_eq!(d(2023, 2, 28).add_days(1), Some(d(2023, 3, 1)));
        assert_eq!(d(2026, 12, 31).add_days(1), Some(d(2027, 1, 1)));
        assert_eq!(d(2026, 1, 1).add_days(-1), Some(d(2025, 12, 31)));
        assert_eq!(Date::MAX.add_days(1), None);
        assert_eq!(Date::MIN.add_days(-1), None);
        assert_eq!(d(2026, 9, 1).add_days(i64::MAX), None);
        assert_eq!(d(1970, 1, 1).weekday(), 4); // Thursday
        assert_eq!(d(2026, 9, 7).weekday(), 1); // Monday
        assert_eq!(d(2026, 9, 6).weekday(), 7); // Sunday
        assert!(d(2026, 1, 31) < d(2026, 2, 1));
        assert!(d(2025, 12, 31) < d(2026, 1, 1));
    }

    #[test]
    fn month_and_year_arithmetic_clamps() {
        assert_eq!(d(2026, 1, 31).add_months(1), Some(d(2026, 2, 28)));
        assert_eq!(d(2024, 1, 31).add_months(1), Some(d(2024, 2, 29)));
        assert_eq!(d(2026, 3, 31).add_months(-1), Some(d(2026, 2, 28)));
        assert_eq!(d(2026, 5, 31).add_months(1), Some(d(2026, 6, 30)));
        assert_eq!(d(2026, 11, 15).add_months(2), Some(d(2027, 1, 15)));
        assert_eq!(d(2026, 1, 15).add_months(-13), Some(d(2024, 12, 15)));
        assert_eq!(d(2024, 2, 29).add_years(1), Some(d(2025, 2, 28)));
        assert_eq!(d(2024, 2, 29).add_years(4), Some(d(2028, 2, 29)));
        assert_eq!(d(2026, 9, 1).add_years(-16), Some(d(2010, 9, 1)));
        assert_eq!(d(9999, 12, 1).add_months(1), None);
        assert_eq!(d(2026, 1, 1).add_years(i64::MAX), None);
    }

    #[test]
    fn age_in_full_years() {
        let birth = d(2010, 9, 1);
        assert_eq!(Date::age_on(birth, d(2026, 8, 31)), 15);
        assert_eq!(Date::age_on(birth, d(2026, 9, 1)), 16);
        assert_eq!(Date::age_on(birth, d(2010, 9, 1)), 0);
        assert_eq!(Date::age_on(birth, d(2010, 8, 31)), -1);
        let leap = d(2008, 2, 29);
        assert_eq!(Date::age_on(leap, d(2026, 2, 28)), 17);
        assert_eq!(Date::age_on(leap, d(2026, 3, 1)), 18);
    }

    #[test]
    fn date_bounds() {
        let today = d(2026, 9, 1);
        let r = |s: &str| DateBound::parse(s).unwrap().resolve(today);
        assert_eq!(r("today"), today);
        assert_eq!(r("today-16y"), d(2010, 9, 1));
        assert_eq!(r("today+3m"), d(2026, 12, 1));
        assert_eq!(r("today-14d"), d(2026, 8, 18));
        assert_eq!(r("today+2w"), d(2026, 9, 15));
        assert_eq!(r(" 2024-01-01 "), d(2024, 1, 1));
        assert_eq!(r("today+99999y"), Date::MAX);
        assert_eq!(r("today-99999y"), Date::MIN);
        assert_eq!(
            DateBound::parse("today-16y"),
            Some(DateBound::Today {
                amount: -16,
                unit: DateUnit::Years
            })
        );
        for bad in [
            "Today",
            "today-y",
            "today16y",
            "today-16",
            "today-16x",
            "today - 16y",
            "yesterday",
            "01.01.2024",
            "",
            "today-1234567d",
            "today+é",
        ] {
            assert_eq!(DateBound::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn canonical_parse_and_format() {
        assert_eq!(dec("-1234.5").to_canonical(2), "-1234.50");
        assert_eq!(dec("1234").to_canonical(2), "1234.00");
        assert_eq!(dec("0.05").to_canonical(2), "0.05");
        assert_eq!(dec("007").to_canonical(0), "7");
        assert_eq!(dec("1.000001").to_plain(), "1.000001");
        assert_eq!(dec("12.500").to_plain(), "12.5");
        assert_eq!(dec("-3").to_string(), "-3");
        assert_eq!(dec("-0").to_string(), "0");
        for bad in [
            "",
            "-",
            "+1",
            "1.",
            ".5",
            "1.2345678",
            "1e5",
            "1,5",
            " 1",
            "1 ",
            "--1",
            "1.2.3",
            "١٢",
        ] {
            assert_eq!(Dec::parse_canonical(bad), None, "{bad}");
        }
        assert!(Dec::parse_canonical(&"9".repeat(30)).is_some());
        assert!(Dec::parse_canonical(&"9".repeat(31)).is_none());
        assert!(Dec::parse_canonical(&"9".repeat(400)).is_none());
    }

    #[test]
    fn german_format() {
        assert_eq!(dec("1234.5").to_german(2), "1.234,50");
        assert_eq!(dec("1234567.891").to_german(2), "1.234.567,89");
        assert_eq!(dec("-0.5").to_german(2), "-0,50");
        assert_eq!(dec("999").to_german(2), "999,00");
        assert_eq!(dec("1000").to_german(0), "1.000");
        assert_eq!(dec("-0.004").to_german(2), "0,00");
    }

    #[test]
    fn commercial_rounding() {
        assert_eq!(dec("0.125").round_to(2), dec("0.13"));
        assert_eq!(dec("-0.125").round_to(2), dec("-0.13"));
        assert_eq!(dec("0.124999").round_to(2), dec("0.12"));
        assert_eq!(dec("2.5").round_to(0), dec("3"));
        assert_eq!(dec("-2.5").round_to(0), dec("-3"));
        assert_eq!(dec("1.2345").round_to(6), dec("1.2345"));
        assert_eq!(dec("1.005").to_canonical(2), "1.01");
    }

    #[test]
    fn checked_arithmetic() {
        assert_eq!(dec("0.1").checked_add(dec("0.2")), Some(dec("0.3")));
        assert_eq!(dec("1").checked_sub(dec("2.5")), Some(dec("-1.5")));
        assert_eq!(dec("1234.56").checked_mul(dec("0.5")), Some(dec("617.28")));
        assert_eq!(dec("-1.5").checked_mul(dec("-1.5")), Some(dec("2.25")));
        assert_eq!(
            dec("0.000001").checked_mul(dec("0.5")),
            Some(dec("0.000001"))
        );
        assert_eq!(
            dec("-0.000001").checked_mul(dec("0.5")),
            Some(dec("-0.000001"))
        );
        assert_eq!(dec("1").checked_div(dec("3")), Some(dec("0.333333")));
        assert_eq!(dec("2").checked_div(dec("3")), Some(dec("0.666667")));
        assert_eq!(dec("-2").checked_div(dec("3")), Some(dec("-0.666667")));
        assert_eq!(dec("10").checked_div(dec("-4")), Some(dec("-2.5")));
        assert_eq!(dec("1").checked_div(Dec::ZERO), None);
        let big = dec(&"9".repeat(30));
        assert_eq!(big.checked_add(Dec::ONE), None);
        assert_eq!(big.neg().checked_sub(Dec::ONE), None);
        assert_eq!(big.checked_mul(dec("2")), None);
        assert_eq!(big.checked_mul(big), None);
        assert_eq!(big.checked_div(dec("0.000001")), None);
        let e15 = dec("1000000000000000");
        assert_eq!(e15.checked_mul(e15), None); // 10^30 is the (exclusive) limit
        assert_eq!(
            e15.checked_mul(e15.checked_sub(Dec::ONE).unwrap())
                .map(|v| v.to_plain().len()),
            Some(30)
        );
        assert_eq!(
            dec("0.5").checked_mul(big),
            Some(dec("499999999999999999999999999999.5"))
        );
    }

    #[test]
    fn integers() {
        assert_eq!(Dec::from_i64(21460).to_canonical(2), "21460.00");
        assert!(dec("3").is_integer());
        assert!(!dec("3.1").is_integer());
        assert_eq!(dec("-3").to_i64(), Some(-3));
        assert_eq!(dec("3.5").to_i64(), None);
        assert_eq!(dec(&"9".repeat(25)).to_i64(), None);
        assert_eq!(Dec::from_i64(i64::MIN).to_i64(), Some(i64::MIN));
        assert_eq!(Dec::from_scaled(123456, 2), Some(dec("1234.56")));
        assert_eq!(Dec::from_scaled(1, 7), None);
    }

    #[test]
    fn input_accepted_forms() {
        let ok = |s: &str, places: u8, want: &str| {
            assert_eq!(Dec::parse_input(s, places), Some(dec(want)), "{s:?}");
        };
        ok("1234", 2, "1234");
        ok("1234,56", 2, "1234.56");
        ok("1.234,56", 2, "1234.56");
        ok("1.234.567,8", 2, "1234567.8");
        ok("1 234,56", 2, "1234.56");
        ok("1\u{a0}234,56", 2, "1234.56");
        ok("1\u{202f}234\u{202f}567", 0, "1234567");
        ok("1234.56", 2, "1234.56");
        ok("1234.5", 2, "1234.5");
        ok("1.234", 2, "1234");
        ok("1.234", 0, "1234");
        ok("1.2345", 4, "1.2345");
        ok("1 234.56", 2, "1234.56");
        ok("  12,5  ", 2, "12.5");
        ok("1.234,56 €", 2, "1234.56");
        ok("1.234,56€", 2, "1234.56");
        ok("1234 EUR", 2, "1234");
        ok("1234eur", 2, "1234");
        ok("€ 1.234,56", 2, "1234.56");
        ok("€1234", 2, "1234");
        ok("EUR 1234", 2, "1234");
        ok("-12,50", 2, "-12.5");
        ok("−12,50", 2, "-12.5");
        ok("+12", 2, "12");
        ok("0,05", 2, "0.05");
        ok("007", 0, "7");
        ok("1,123456", 9, "1.123456");
        ok("1,234.56", 2, "1234.56");
        ok("€1,234,567.8", 2, "1234567.8");
        ok("-1,000.5", 2, "-1000.5");
        ok(&"9".repeat(18), 0, &"9".repeat(18));
    }

    #[test]
    fn input_rejected_forms() {
        use DecInputError::*;
        let bad = |s: &str, places: u8, why: DecInputError| {
            assert_eq!(Dec::parse_input_detailed(s, places), Err(why), "{s:?}");
            assert_eq!(Dec::parse_input(s, places), None, "{s:?}");
        };
        bad("", 2, Empty);
        bad("   ", 2, Empty);
        bad("€", 2, Empty);
        bad("abc", 2, Invalid);
        bad("1,2,3", 2, Invalid);
        bad("1.23.4", 2, Invalid);
        bad("12.34.567", 2, Invalid);
        bad("1.2345.678", 2, Invalid);
        bad("1234.567,8", 2, Invalid);
        bad("12,34.5", 2, Invalid);
        bad("1,234,56.7", 2, Invalid);
        bad("1,234.5.6", 2, Invalid);
        bad("1 234,567.8", 2, Invalid);
        bad("1.234 567,8", 2, Invalid);
        bad("1  234", 2, Invalid);
        bad("12 34", 2, Invalid);
        bad(",5", 2, Invalid);
        bad("5,", 2, Invalid);
        bad(".5", 2, Invalid);
        bad("5.", 2, Invalid);
        bad("- 5", 2, Invalid);
        bad("--5", 2, Invalid);
        bad("5-", 2, Invalid);
        bad("1e5", 2, Invalid);
        bad("5 € €", 2, Invalid);
        bad("€ 5 €", 2, Invalid);
        bad("EUR 5 EUR", 2, Invalid);
        bad("0x10", 2, Invalid);
        bad("١٢", 2, Invalid);
        bad("1,234", 2, TooManyDecimals);
        bad("1,230", 2, TooManyDecimals);
        bad("1,5", 0, TooManyDecimals);
        bad("1.5", 0, TooManyDecimals);
        bad("1.2345", 2, TooManyDecimals);
        bad(&"9".repeat(19), 0, TooLarge);
        bad(&"9".repeat(500), 0, TooLarge);
    }

    proptest! {
        #[test]
        fn parsing_never_panics(s in "\\PC{0,40}", places in 0u8..10) {
            let _ = Dec::parse_input(&s, places);
            let _ = Dec::parse_canonical(&s);
            let _ = Date::parse_input(&s);
            let _ = DateBound::parse(&s);
        }

        #[test]
        fn number_like_input_never_panics(s in "[-+0-9.,  €EUR]{0,30}", places in 0u8..8) {
            if let Some(v) = Dec::parse_input(&s, places) {
                prop_assert!(v.places_used() <= places);
            }
        }

        #[test]
        fn canonical_round_trips(raw in -(10i128.pow(24))..10i128.pow(24), places in 0u8..=6) {
            let v = Dec::from_scaled(raw, 6).unwrap();
            prop_assert_eq!(Dec::parse_canonical(&v.to_plain()), Some(v));
            let r = v.round_to(places);
            prop_assert_eq!(Dec::parse_canonical(&v.to_canonical(places)), Some(r));
            prop_assert_eq!(Dec::parse_input(&v.to_german(places), places), Some(r));
        }

        #[test]
        fn arithmetic_never_panics(a in any::<i128>(), b in any::<i128>()) {
            let (x, y) = (Dec(a % MAX_RAW), Dec(b % MAX_RAW));
            let _ = (x.checked_add(y), x.checked_sub(y), x.checked_mul(y), x.checked_div(y));
            if let (Some(p), false) = (x.checked_mul(y), y.is_zero()) {
                // (x*y)/y is x up to rounding of the product
                let _ = p.checked_div(y);
            }
        }

        #[test]
        fn dates_round_trip(days in -719_162i64..2_932_896) {
            let dt = Date::from_days(days).unwrap();
            prop_assert_eq!(dt.days_since_epoch(), days);
            prop_assert_eq!(Date::parse_iso(&dt.to_iso()), Some(dt));
            prop_assert_eq!(Date::parse_input(&dt.to_german()), Some(dt));
            prop_assert_eq!(dt.add_days(1).map(|n| n > dt), if dt == Date::MAX { None } else { Some(true) });
        }
    }
}
