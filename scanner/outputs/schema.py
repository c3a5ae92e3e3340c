"""Print the JSON report schema (redirect it to docs/report.schema.json)."""

from __future__ import annotations

import json
import sys

from scanner.outputs.json_report import report_schema

if __name__ == "__main__":
    sys.stdout.write(json.dumps(report_schema(), indent=2) + "\n")
