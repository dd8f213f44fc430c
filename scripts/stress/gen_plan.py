#!/usr/bin/env python3
"""Stress plans for the deadline checks of issue 14.

usage: gen_plan.py TASKS OUT chain|free [GOALS]

TASKS tasks split evenly over GOALS goals (default 1), on two teams (A: 3
people, B: 2) taking turns; efforts 1-3 person-days, one person each. With
`chain` every task depends on the one before it (one long chain across the
goals), with `free` there are no dependencies.
"""
import os
import sys


def main():
    n, out, kind = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    goals = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "teams.csv"), "w") as f:
        f.write("team,name,capacity\nA,A,3\nB,B,2\n")
    with open(os.path.join(out, "goals.csv"), "w") as f:
        f.write("goal,name,priority,due,depends_on\n")
        for g in range(goals):
            f.write(f"G{g},G{g},{1 + g % 5},,\n")
    per = (n + goals - 1) // goals
    with open(os.path.join(out, "tasks.csv"), "w") as f:
        f.write("task,goal,name,effort,teams,min_people,max_people,depends_on,release\n")
        for i in range(n):
            dep = f"T{i - 1}" if kind == "chain" and i > 0 else ""
            team = "A" if i % 2 else "B"
            f.write(f"T{i},G{i // per},t,{1 + i % 3},{team},1,1,{dep},\n")


if __name__ == "__main__":
    main()
