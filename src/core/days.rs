//! Days since 1970-01-01 (UTC): the unit of every time bucket.

use chrono::NaiveDate;

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("1970-01-01 is a date")
}

/// The UTC day of a Unix timestamp.
pub fn of_secs(secs: i64) -> i32 {
    secs.div_euclid(86_400) as i32
}

/// The day number of a date.
pub fn of_date(date: NaiveDate) -> i32 {
    (date - epoch()).num_days() as i32
}

/// The last day a date is built for: 31 December 9999.
const LAST: i32 = 2_932_896;

/// The date of a day number. Total: days before 1970 clamp to it and
/// days after 9999 to its last day, so no value (an empty series'
/// `i32::MAX` sentinel included) can make it panic.
pub fn date(day: i32) -> NaiveDate {
    epoch() + chrono::Days::new(day.clamp(0, LAST) as u64)
}

/// The Monday starting the ISO week of a day (1970-01-01 was a Thursday).
pub fn week(day: i32) -> i32 {
    day - (day + 3).rem_euclid(7)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_is_total() {
        assert_eq!(date(0).to_string(), "1970-01-01");
        assert_eq!(date(-5).to_string(), "1970-01-01");
        assert_eq!(date(LAST).to_string(), "9999-12-31");
        // The sentinels of an empty min/max fold.
        assert_eq!(date(i32::MAX).to_string(), "9999-12-31");
        assert_eq!(date(i32::MIN).to_string(), "1970-01-01");
        assert_eq!(of_date(date(19_723)), 19_723);
    }
}
