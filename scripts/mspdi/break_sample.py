#!/usr/bin/env python3
"""Write a deliberately wrong copy of scripts/mspdi/sample/ (for ci.sh's self-test).

Usage: python3 scripts/mspdi/break_sample.py SAMPLE_DIR OUT_DIR
Changes: api starts a day late, design lasts 3 days instead of 2, integrate has
2 qa people instead of 1, release has lost its Text1 id, and the calendar has
lost its 2027-01-11 holiday.
"""
import os
import shutil
import sys

src, dst = sys.argv[1], sys.argv[2]
os.makedirs(dst, exist_ok=True)
shutil.copy(os.path.join(src, "schedule.csv"), dst)
xml = open(os.path.join(src, "schedule.xml"), encoding="utf-8").read()


def sub(old, new, count=1):
    global xml
    assert xml.count(old) >= count, old
    xml = xml.replace(old, new, count)


sub("<Start>2027-01-06T08:00:00</Start>", "<Start>2027-01-07T08:00:00</Start>")  # api (first occurrence is the task)
sub("<Duration>PT16H0M0S</Duration>", "<Duration>PT24H0M0S</Duration>")  # design
sub("<ResourceUID>2</ResourceUID>\n      <Finish>2027-01-14T17:00:00</Finish>\n      <Start>2027-01-13T08:00:00</Start>\n"
    "      <Units>1</Units>",
    "<ResourceUID>2</ResourceUID>\n      <Finish>2027-01-14T17:00:00</Finish>\n      <Start>2027-01-13T08:00:00</Start>\n"
    "      <Units>2</Units>")  # integrate: qa 2 people
sub("<FieldID>188743731</FieldID>\n        <Value>release</Value>", "<FieldID>188743731</FieldID>\n        <Value></Value>")
start = xml.index("      <Exceptions>")
end = xml.index("      </Exceptions>\n") + len("      </Exceptions>\n")
xml = xml[:start] + xml[end:]  # the holiday
open(os.path.join(dst, "schedule.xml"), "w", encoding="utf-8").write(xml)
