//! The wall clock of the build loop, and the midnight rollover it drives.
//!
//! Pages show "截至" (as of), "已逾期" (overdue) and notice periods against
//! the site's date, so an unattended kiosk must be rebuilt once the date
//! changes in the site's time zone. The loop looks at the date on every
//! tick rather than sleeping until midnight: a machine that was suspended
//! overnight wakes with a sleep that has not run out, and a clock that was
//! corrected jumps; comparing dates catches both.

use std::fmt::Debug;
use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// Where the build loop reads the time. [`SystemClock`] in use; tests pass
/// a clock they move across midnight.
pub trait Clock: Debug + Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The machine's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// The loop looks at the date at least this often, whatever it waits for.
pub const TICK: Duration = Duration::from_secs(60);

/// A little after midnight, so that the new date has surely begun.
const AFTER_MIDNIGHT: Duration = Duration::from_secs(1);

/// The date at `now` in the zone `utc_offset` seconds east of UTC (the
/// site's `timezone`); an offset out of range counts as UTC.
pub fn site_date(now: DateTime<Utc>, utc_offset: i32) -> NaiveDate {
    let zone = FixedOffset::east_opt(utc_offset).unwrap_or_else(|| FixedOffset::east_opt(0).expect("UTC"));
    now.with_timezone(&zone).date_naive()
}

/// How long the loop may wait before it looks at the date again: until
/// just after the next midnight in the site's zone, and never longer than
/// [`TICK`].
pub fn next_look(now: DateTime<Utc>, utc_offset: i32) -> Duration {
    let tomorrow = site_date(now, utc_offset).succ_opt().and_then(|d| d.and_hms_opt(0, 0, 0));
    let midnight = tomorrow.map(|t| t.and_utc() - chrono::TimeDelta::seconds(i64::from(utc_offset)));
    let until = midnight.and_then(|m| (m - now).to_std().ok()).unwrap_or_default();
    (until + AFTER_MIDNIGHT).min(TICK)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BEIJING: i32 = 8 * 3600;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).expect("time").with_timezone(&Utc)
    }

    #[test]
    fn the_date_is_the_sites_not_the_machines() {
        // 16:30 UTC is already tomorrow in Beijing, still today in UTC.
        let now = at("2026-12-01T16:30:00Z");
        assert_eq!(site_date(now, BEIJING), NaiveDate::from_ymd_opt(2026, 12, 2).expect("date"));
        assert_eq!(site_date(now, 0), NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"));
    }

    #[test]
    fn the_loop_wakes_just_after_midnight_and_at_least_every_tick() {
        // 23:59:30 in Beijing: 30 s to midnight, then the one-second margin.
        assert_eq!(next_look(at("2026-12-01T15:59:30Z"), BEIJING), Duration::from_secs(31));
        // Mid-afternoon: no sleep longer than a tick.
        assert_eq!(next_look(at("2026-12-01T06:00:00Z"), BEIJING), TICK);
        // Just past midnight: the next look is a tick away, and the date has changed.
        assert_eq!(next_look(at("2026-12-01T16:00:00Z"), BEIJING), TICK);
    }
}
