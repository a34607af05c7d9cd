//! Python's `time.ctime(t)` for the time programs of lesson 9, in UTC: Rust's standard library
//! knows no time zones, so this is `time.asctime(time.gmtime(t))`, which is what `ctime`
//! prints on a machine whose zone is UTC. `sntp_client` and `print_machine_time` include it
//! with `#[path = "../ctime.rs"] mod ctime;`.

/// Seconds in a day.
const DAY: i64 = 86_400;
const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `Sun Nov 22 02:03:56 2026` for `unix_time` seconds since 1970-01-01 00:00 UTC (fractions
/// of a second are dropped, as `ctime` drops them).
///
/// ```python
/// time.asctime(time.gmtime(unix_time))
/// ```
pub fn ctime(unix_time: f64) -> String {
    let seconds = unix_time.floor() as i64;
    let (days, second_of_day) = (seconds.div_euclid(DAY), seconds.rem_euclid(DAY));
    let (year, month, day) = civil_from_days(days);
    // 1970-01-01 was a Thursday.
    let weekday = WEEKDAYS[(days + 4).rem_euclid(7) as usize];
    format!(
        "{weekday} {} {day:2} {:02}:{:02}:{:02} {year}",
        MONTHS[month as usize - 1],
        second_of_day / 3600,
        second_of_day / 60 % 60,
        second_of_day % 60
    )
}

/// The (year, month 1-12, day 1-31) of the Gregorian calendar `days` days after 1970-01-01.
/// Counts in 400-year cycles of 146097 days from 0000-03-01, so that each year ends with
/// February and its leap day (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let shifted = days + 719_468; // days from 0000-03-01 to 1970-01-01
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = era * 400 + year_of_era + i64::from(month <= 2);
    (year, month, day)
}
