"""An officer's inbox: tasks grouped by status, the overdue first within each group."""

from __future__ import annotations

from typing import Any

# What needs doing first: reopened and open tasks, then those being rectified, waiting for review, closed.
ORDER = ("reopened", "open", "in_progress", "submitted", "closed")


def inbox_groups(tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``[{status, label, tasks, overdue}]`` in :data:`ORDER`, only statuses that have tasks."""
    groups = []
    for status in ORDER:
        rows = [t for t in tasks if t["status"] == status]
        if not rows:
            continue
        rows.sort(key=lambda t: (not t["overdue"], str(t["deadline"]), t["task_id"]))
        groups.append(
            {
                "status": status,
                "label": rows[0].get("status_label") or status,
                "tasks": rows,
                "overdue": sum(1 for t in rows if t["overdue"]),
            }
        )
    return groups
