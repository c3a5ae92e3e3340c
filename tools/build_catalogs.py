"""Build scanner/frameworks/*.yaml (ids and titles only) from ../shared/frameworks.

Run: python tools/build_catalogs.py [SHARED_FRAMEWORKS_DIR]
The output is committed; re-run only when the shared catalogs change.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "scanner" / "frameworks"


def _write(fid: str, meta: dict[str, Any], controls: list[dict[str, Any]]) -> None:
    doc = {"id": fid, **meta, "controls": controls}
    path = OUT / f"{fid}.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=120))
    print(f"{path.relative_to(ROOT)}: {len(controls)} controls")


def main(src: Path) -> None:
    soc2 = json.loads((src / "soc2/soc2-tsc-2017-rev2022.json").read_text())
    _write(
        "soc2",
        {
            "name": "SOC 2 - 2017 Trust Services Criteria (rev. 2022)",
            "version": "2017",
            "copyright": "Criteria ids (c) AICPA; titles are complyscan's own paraphrases.",
        },
        [
            {"id": c["id"], "title": c["short_title"], "group": c["category_title"]}
            for c in soc2["criteria"]
        ],
    )
    iso = json.loads((src / "iso27001/iso27001-2022-annex-a.json").read_text())
    _write(
        "iso27001-2022",
        {
            "name": "ISO/IEC 27001:2022 Annex A",
            "version": "2022",
            "copyright": "(c) ISO/IEC. Control ids and titles only.",
        },
        [{"id": c["id"], "title": c["title"], "group": c["theme_title"]} for c in iso["controls"]],
    )
    csf = json.loads((src / "nist-csf/nist-csf-2.0.json").read_text())
    cats = {c["id"]: c["name"] for c in csf["categories"]}
    _write(
        "nist-csf-2.0",
        {"name": "NIST Cybersecurity Framework 2.0", "version": "2.0", "copyright": "NIST"},
        [
            {"id": s["id"], "title": s["statement"], "group": cats.get(s["category"], "")}
            for s in csf["subcategories"]
            if not s["withdrawn"]
        ],
    )
    sp = json.loads((src / "nist-800-53/nist-800-53-r5-controls.json").read_text())
    _write(
        "nist-800-53-r5",
        {"name": "NIST SP 800-53 Rev. 5", "version": "5.1.1", "copyright": "NIST"},
        [
            {
                "id": c["label"],
                "title": c["title"],
                "group": c["family_title"],
                "baselines": [b for b in c["baselines"] if b in {"L", "M", "H"}],
            }
            for c in sp["controls"]
            if not c["withdrawn"]
        ],
    )
    cis = json.loads((src / "cis/cis-foundations-benchmarks.json").read_text())
    wanted = {"aws": "7.0", "gcp": "5.0", "azure": "6.0"}
    for bench in cis["benchmarks"]:
        if wanted.get(bench["provider"]) != bench["version"]:
            continue
        _write(
            f"cis-{bench['provider']}",
            {
                "name": bench["name"],
                "version": bench["version"],
                "copyright": "Recommendation titles (c) Center for Internet Security; ids and "
                "titles only, for mapping.",
            },
            [
                {
                    "id": r["id"],
                    "title": r["title"],
                    "group": r["section"],
                    "assessment": r["assessment"],
                }
                for r in bench["recommendations"]
            ],
        )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "frameworks")
