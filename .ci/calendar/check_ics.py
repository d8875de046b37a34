"""Checks an iCalendar file written by `osmose calendar` with the `icalendar` library (6.x).

Usage:
    python check_ics.py FILE.ics --zone Europe/Paris [--events N] [--expect "SUMMARY=YYYY-MM-DDTHH:MM"]...

Checks, in order, stopping at the first failure with a message and exit status 1:
  lines      every line ends in CRLF, is UTF-8, and is at most 75 octets (RFC 5545 3.1);
  parse      icalendar.Calendar.from_ical reads it without raising or recording errors;
  calendar   VCALENDAR with VERSION 2.0 and PRODID;
  events     every VEVENT has UID, DTSTAMP (in UTC), DTSTART and SUMMARY; UIDs are unique;
             DTEND, when present, is after DTSTART and of the same kind (date or date-time);
  tzid       every TZID parameter (and X-WR-TIMEZONE) names a VTIMEZONE of the file, and is --zone;
  instants   for every timed DTSTART/DTEND, the instant read through the file's own VTIMEZONE
             equals the same wall time in zoneinfo.ZoneInfo(--zone) (both compared in UTC);
  count      --events N: the file has N events;
  expect     each --expect "SUMMARY=2015-11-30T20:00" (or "SUMMARY=2015-11-30" for an all-day
             event): an event with that summary starts at that local wall time (or date).
Prints one "ok: ..." line per group that passed.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
from icalendar.timezone import tzp


class Failure(Exception):
    pass


def check_lines(data: bytes) -> int:
    if not data.endswith(b"\r\n"):
        raise Failure("the file does not end with CRLF")
    lines = data[:-2].split(b"\r\n")
    for number, line in enumerate(lines, start=1):
        if b"\n" in line or b"\r" in line:
            raise Failure(f"line {number}: a line break that is not CRLF")
        if len(line) > 75:
            raise Failure(f"line {number}: {len(line)} octets, more than 75 (not folded)")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as error:
            raise Failure(f"line {number}: not UTF-8 on its own (a fold split a character?): {error}") from None
    return len(lines)


def parse(data: bytes) -> icalendar.Calendar:
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except Exception as error:  # noqa: BLE001 - any parser failure is the finding
        raise Failure(f"icalendar cannot parse it: {type(error).__name__}: {error}") from None
    for component in calendar.walk():
        if component.errors:
            raise Failure(f"icalendar recorded errors in {component.name}: {component.errors}")
    return calendar


def check_calendar(calendar: icalendar.Calendar) -> None:
    if calendar.name != "VCALENDAR":
        raise Failure(f"the top component is {calendar.name}, not VCALENDAR")
    if str(calendar.get("VERSION", "")) != "2.0":
        raise Failure(f"VERSION is {calendar.get('VERSION')!r}, not 2.0")
    if not str(calendar.get("PRODID", "")):
        raise Failure("no PRODID")


def describe(event) -> str:
    return f"event {str(event.get('SUMMARY', '?'))!r} ({str(event.get('UID', 'no UID'))})"


def check_events(events: list) -> None:
    uids: dict[str, str] = {}
    for event in events:
        for name in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
            if name not in event:
                raise Failure(f"{describe(event)} has no {name}")
        stamp = event["DTSTAMP"].dt
        if not isinstance(stamp, datetime) or stamp.utcoffset() is None or stamp.utcoffset().total_seconds() != 0:
            raise Failure(f"{describe(event)}: DTSTAMP {event['DTSTAMP'].to_ical().decode()} is not in UTC")
        uid = str(event["UID"])
        if uid in uids:
            raise Failure(f"UID {uid!r} is used twice: {uids[uid]!r} and {str(event['SUMMARY'])!r}")
        uids[uid] = str(event["SUMMARY"])
        if "DTEND" in event:
            start, end = event["DTSTART"].dt, event["DTEND"].dt
            if isinstance(start, datetime) != isinstance(end, datetime):
                raise Failure(f"{describe(event)}: DTSTART and DTEND are not both dates or both date-times")
            if end <= start:
                raise Failure(f"{describe(event)}: DTEND {end} is not after DTSTART {start}")


def timezones_of(calendar: icalendar.Calendar) -> dict:
    zones = {}
    for vtimezone in calendar.walk("VTIMEZONE"):
        tzid = str(vtimezone.get("TZID", ""))
        if not tzid:
            raise Failure("a VTIMEZONE has no TZID")
        if tzid in zones:
            raise Failure(f"two VTIMEZONEs for {tzid!r}")
        observances = vtimezone.walk("STANDARD") + vtimezone.walk("DAYLIGHT")
        if not observances:
            raise Failure(f"VTIMEZONE {tzid!r} has no STANDARD or DAYLIGHT")
        for observance in observances:
            for name in ("DTSTART", "TZOFFSETFROM", "TZOFFSETTO"):
                if name not in observance:
                    raise Failure(f"VTIMEZONE {tzid!r}: a {observance.name} has no {name}")
        # lookup_tzid=False: build the zone from the file's own rules, not from the system's
        # zone of the same name, which icalendar would otherwise prefer.
        zones[tzid] = vtimezone.to_tz(lookup_tzid=False)
    return zones


def check_tzids(calendar: icalendar.Calendar, zones: dict, zone: str) -> int:
    used = 0
    for component in calendar.walk():
        for name, values in component.property_items(recursive=False):
            for value in values if isinstance(values, list) else [values]:
                params = getattr(value, "params", None) or {}
                tzid = params.get("TZID")
                if tzid is None:
                    continue
                used += 1
                if tzid not in zones:
                    raise Failure(f"{component.name} {name} has TZID={tzid!r}, but no VTIMEZONE has that TZID")
                if tzid != zone:
                    raise Failure(f"{component.name} {name} has TZID={tzid!r}, not the production's zone {zone!r}")
    named = calendar.get("X-WR-TIMEZONE")
    if named is not None and str(named) not in zones:
        raise Failure(f"X-WR-TIMEZONE is {str(named)!r}, but no VTIMEZONE has that TZID")
    if named is not None and str(named) != zone:
        raise Failure(f"X-WR-TIMEZONE is {str(named)!r}, not {zone!r}")
    return used


def check_instants(events: list, zones: dict, zone: str) -> int:
    reference = ZoneInfo(zone)
    checked = 0
    for event in events:
        for name in ("DTSTART", "DTEND"):
            if name not in event:
                continue
            prop = event[name]
            value = prop.dt
            if not isinstance(value, datetime):
                continue
            tzid = prop.params.get("TZID")
            if tzid is None:
                if value.tzinfo is None:
                    raise Failure(f"{describe(event)}: {name} is a floating time, in no time zone")
                continue  # a UTC time needs no zone
            wall = value.replace(tzinfo=None)
            through_file = tzp.localize(wall, zones[tzid]).astimezone(timezone.utc)
            expected = wall.replace(tzinfo=reference).astimezone(timezone.utc)
            if through_file != expected:
                raise Failure(
                    f"{describe(event)}: {name} {wall.isoformat()} is {through_file.isoformat()} through the file's "
                    f"VTIMEZONE but {expected.isoformat()} in {zone}"
                )
            # icalendar's own reading (`dt`) must be the same instant.
            if value.astimezone(timezone.utc) != expected:
                raise Failure(
                    f"{describe(event)}: icalendar reads {name} as {value.isoformat()}, not {expected.isoformat()}"
                )
            checked += 1
    return checked


def check_expect(events: list, expectation: str) -> str:
    summary, sep, when = expectation.rpartition("=")
    if not sep or not summary:
        raise Failure(f"--expect {expectation!r} is not SUMMARY=YYYY-MM-DD[THH:MM]")
    matching = [event for event in events if str(event.get("SUMMARY", "")) == summary]
    if not matching:
        raise Failure(f"no event has the summary {summary!r}")
    starts = []
    for event in matching:
        start = event["DTSTART"].dt
        if isinstance(start, datetime):
            starts.append(start.replace(tzinfo=None).strftime("%Y-%m-%dT%H:%M"))
        elif isinstance(start, date):
            starts.append(start.isoformat())
    if when not in starts:
        raise Failure(f"event {summary!r} starts at {', '.join(starts)}, not {when}")
    return f"{summary} starts {when}"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file")
    parser.add_argument("--zone", required=True, help="the production's time zone, e.g. Europe/Paris")
    parser.add_argument("--events", type=int, help="the number of events the file must hold")
    parser.add_argument("--expect", action="append", default=[], metavar="SUMMARY=YYYY-MM-DD[THH:MM]")
    args = parser.parse_args(argv)
    try:
        try:
            ZoneInfo(args.zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise Failure(f"--zone {args.zone!r} is not a zone zoneinfo knows") from None
        try:
            with open(args.file, "rb") as handle:
                data = handle.read()
        except OSError as error:
            raise Failure(f"cannot read it: {error}") from None

        count = check_lines(data)
        print(f"ok: {count} lines, all CRLF, UTF-8, at most 75 octets")
        calendar = parse(data)
        print(f"ok: parsed by icalendar {icalendar.__version__}")
        check_calendar(calendar)
        print(f"ok: VCALENDAR {calendar['VERSION']} from {calendar['PRODID']}")
        events = calendar.walk("VEVENT")
        check_events(events)
        print(f"ok: {len(events)} events, each with UID, DTSTAMP (UTC), DTSTART, SUMMARY; UIDs unique")
        zones = timezones_of(calendar)
        used = check_tzids(calendar, zones, args.zone)
        print(f"ok: {used} TZID parameters, all naming the file's VTIMEZONE {', '.join(sorted(zones)) or '(none)'}")
        checked = check_instants(events, zones, args.zone)
        print(f"ok: {checked} timed DTSTART/DTEND give the same instant through the file's VTIMEZONE and zoneinfo")
        if args.events is not None:
            if len(events) != args.events:
                raise Failure(f"{len(events)} events, expected {args.events}")
            print(f"ok: {args.events} events as expected")
        for expectation in args.expect:
            print(f"ok: {check_expect(events, expectation)}")
    except Failure as failure:
        print(f"check_ics: {args.file}: {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
