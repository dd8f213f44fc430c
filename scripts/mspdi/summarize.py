#!/usr/bin/env python3
"""Summarize MSPDI (Microsoft Project XML) files: the counts listed in
tests/fixtures/mspdi/README.md. Standard library only.

Usage: python3 scripts/mspdi/summarize.py FILE.xml...   (add --json for JSON)
"""
import collections
import json
import re
import sys
import xml.etree.ElementTree as ET

NS = "{http://schemas.microsoft.com/project}"
LINK_TYPES = {"0": "FF", "1": "FS", "2": "SF", "3": "SS"}


def text(el, tag, default=None):
    child = el.find(NS + tag)
    return child.text if child is not None and child.text is not None else default


def summarize(path):
    root = ET.parse(path).getroot()
    if root.tag != NS + "Project":
        raise ValueError(f"{path}: root is {root.tag}, not an MSPDI <Project>")
    s = collections.OrderedDict()
    s["file"] = path
    s["name"] = text(root, "Name")
    s["title"] = text(root, "Title")
    s["save_version"] = text(root, "SaveVersion")
    s["author"] = text(root, "Author")
    s["company"] = text(root, "Company")
    s["start_date"] = text(root, "StartDate")
    s["minutes_per_day"] = text(root, "MinutesPerDay")
    s["calendar_uid"] = text(root, "CalendarUID")

    tasks = root.findall(f"{NS}Tasks/{NS}Task")
    # UID 0 is the project summary task written by MS Project; not a real task.
    real = [t for t in tasks if text(t, "UID") != "0" and text(t, "IsNull", "0") != "1"]
    s["tasks"] = len(real)
    s["summary_tasks"] = sum(text(t, "Summary") == "1" for t in real)
    s["leaf_tasks"] = s["tasks"] - s["summary_tasks"]
    s["max_outline_level"] = max((int(text(t, "OutlineLevel", "0")) for t in real), default=0)
    s["milestones"] = sum(text(t, "Milestone") == "1" for t in real)
    s["manual_tasks"] = sum(text(t, "Manual") == "1" for t in real)
    s["constraint_types"] = dict(collections.Counter(text(t, "ConstraintType", "-") for t in real))
    s["percent_complete_gt0"] = sum(int(text(t, "PercentComplete", "0")) > 0 for t in real)
    s["actual_start"] = sum(text(t, "ActualStart") is not None for t in real)
    durs = [text(t, "Duration") for t in real if text(t, "Duration")]
    s["duration_shapes"] = sorted({re.sub(r"\d+", "n", d) for d in durs})
    s["duration_formats"] = dict(collections.Counter(text(t, "DurationFormat", "-") for t in real))

    links = []
    for t in real:
        for p in t.findall(NS + "PredecessorLink"):
            links.append((text(p, "Type", "1"), int(text(p, "LinkLag", "0") or 0), text(p, "LagFormat")))
    s["links"] = len(links)
    s["link_types"] = dict(collections.Counter(LINK_TYPES.get(k, k) for k, _, _ in links))
    # LinkLag is in tenths of a minute (4800 = 1 day of 8h); negative = lead.
    s["links_with_lag"] = sum(lag != 0 for _, lag, _ in links)
    s["lags_tenths_of_minutes"] = sorted({lag for _, lag, _ in links if lag != 0})
    s["lag_formats"] = sorted({f for _, lag, f in links if lag != 0 and f})

    res = root.findall(f"{NS}Resources/{NS}Resource")
    real_res = [r for r in res if text(r, "UID") != "0" and text(r, "IsNull", "0") != "1"]
    s["resources"] = len(real_res)
    s["resource_types"] = dict(collections.Counter(
        {"0": "material", "1": "work", "2": "cost"}.get(text(r, "Type", "1"), "?") for r in real_res))
    s["max_units"] = dict(collections.Counter(text(r, "MaxUnits", "-") for r in real_res))
    s["resource_groups"] = sorted({text(r, "Group") for r in real_res if text(r, "Group")})

    asg = root.findall(f"{NS}Assignments/{NS}Assignment")
    # ResourceUID -65535 is MS Project's "unassigned" placeholder assignment.
    real_asg = [a for a in asg if text(a, "ResourceUID") != "-65535"]
    s["assignments"] = len(real_asg)
    s["unassigned_placeholders"] = len(asg) - len(real_asg)
    # Project 2010+ assigns budget resources to the project summary task (UID 0)
    s["assignments_on_project_summary"] = sum(text(a, "TaskUID") == "0" for a in real_asg)
    per_task = collections.Counter(text(a, "TaskUID") for a in real_asg if text(a, "TaskUID") != "0")
    s["tasks_with_multiple_resources"] = sum(n > 1 for n in per_task.values())
    s["assignment_units"] = dict(collections.Counter(text(a, "Units", "-") for a in real_asg))

    cals = root.findall(f"{NS}Calendars/{NS}Calendar")
    s["calendars"] = len(cals)
    s["base_calendars"] = [text(c, "Name") for c in cals if text(c, "IsBaseCalendar") == "1"]
    def wd_exceptions(c):
        # WeekDay entries with DayType 0 and a TimePeriod: the MSPDI 2003 way of
        # writing exceptions; Project 2007+ still writes them (expanded) beside <Exceptions>.
        return sum(1 for w in c.findall(f"{NS}WeekDays/{NS}WeekDay")
                   if text(w, "DayType") == "0" and w.find(NS + "TimePeriod") is not None)

    def exceptions(c):
        return len(c.findall(f"{NS}Exceptions/{NS}Exception"))

    s["calendar_exceptions"] = sum(exceptions(c) for c in cals)
    s["calendar_weekday_exceptions"] = sum(wd_exceptions(c) for c in cals)
    s["calendars_with_workweeks"] = sum(c.find(f"{NS}WorkWeeks") is not None for c in cals)
    proj_cal = next((c for c in cals if text(c, "UID") == s["calendar_uid"]), None)
    if proj_cal is not None:
        s["project_calendar"] = text(proj_cal, "Name")
        s["project_calendar_exceptions"] = exceptions(proj_cal)
        s["project_calendar_weekday_exceptions"] = wd_exceptions(proj_cal)
    s["extended_attributes"] = [(text(e, "FieldID"), text(e, "FieldName"), text(e, "Alias"))
                                for e in root.findall(f"{NS}ExtendedAttributes/{NS}ExtendedAttribute")]
    return s


def main(argv):
    as_json = "--json" in argv
    files = [a for a in argv if a != "--json"]
    if not files:
        print(__doc__, file=sys.stderr)
        return 2
    out = [summarize(f) for f in files]
    if as_json:
        print(json.dumps(out, indent=1))
    else:
        for s in out:
            print(s["file"])
            for k, v in s.items():
                if k != "file":
                    print(f"  {k}: {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
