"""What an executed notebook showed, for the notebook tests: one reading of outputs for all."""

import json
import math

LOCAL_PATHS = ("/work", "/tmp", "/root", "/home", "/Users", "C:\\")
# Binary formats (base64) and the widget's random model key are not text a reader sees.
SKIPPED = ("image/", "application/vnd.jupyter.widget-view+json")


def output_texts(notebook) -> list[str]:
    """Every text a run showed: streams, errors and every non-binary display format."""
    texts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                texts.append(output["text"])
            elif output.get("output_type") == "error":
                texts.append(f"{output['ename']}: {output['evalue']}")
            for mime, value in output.get("data", {}).items():
                if not mime.startswith(SKIPPED):
                    texts.append(value if isinstance(value, str) else json.dumps(value))
    return texts


def check_run(notebook) -> str:
    """No error outputs and no absolute path; returns all output text joined."""
    errors = [o for c in notebook.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors, [f"{e.ename}: {e.evalue}" for e in errors]
    text = "\n".join(output_texts(notebook))
    for root in LOCAL_PATHS:
        assert root not in text
    return text


Z95 = 1.959964  # the normal quantile for 95 %, to six decimals


def nps_by_hand(scores) -> dict:
    """NPS, counts and the adjusted-Wald 95% interval (Rocks 2016) of 0-10 scores.

    ñ = n + 3; p̃± = (k± + 3/4)/ñ; se = sqrt((p̃+ + p̃− − (p̃+ − p̃−)²)/ñ);
    interval = (p̃+ − p̃−) ± 1.959964·se, times 100. Written out here, independently of score.py.
    """
    n = len(scores)
    promoters = int((scores >= 9).sum())
    detractors = int((scores <= 6).sum())
    n_adj = n + 3
    p_plus, p_minus = (promoters + 0.75) / n_adj, (detractors + 0.75) / n_adj
    se = math.sqrt((p_plus + p_minus - (p_plus - p_minus) ** 2) / n_adj)
    centre = p_plus - p_minus
    return {
        "n": n,
        "promoters": promoters,
        "passives": n - promoters - detractors,
        "detractors": detractors,
        "nps": 100 * (promoters - detractors) / n,
        "ci_low": 100 * max(centre - Z95 * se, -1),
        "ci_high": 100 * min(centre + Z95 * se, 1),
    }


def accepted_rows_from_file(path) -> list[dict]:
    """The Danish sample's rows the loader accepts, read with the csv module (cp1252, ``;``)
    and not through the loader, each with its ``score`` (int) and ``day`` (date) parsed.

    A row counts when its score is a whole number 0-10, its date a dd-mm-yyyy day and its
    response id not seen in an earlier row (the loader's rejections, written out again here).
    """
    import csv
    from datetime import datetime

    rows, seen = [], set()
    with open(path, encoding="cp1252", newline="") as file:
        for row in csv.DictReader(file, delimiter=";"):
            question = next(name for name in row if name.startswith("Hvor sandsynligt"))
            score, response = row[question].strip(), row["Svar-ID"]
            try:
                day = datetime.strptime(row["Dato"], "%d-%m-%Y").date()
            except ValueError:
                continue
            if not score.isdigit() or int(score) > 10 or response in seen:
                continue
            seen.add(response)
            rows.append({**row, "score": int(score), "day": day})
    return rows


def answers_from_file(path) -> list[dict]:
    """:func:`accepted_rows_from_file` as answers: per answer its ``date`` (datetime.date),
    ``score``, ``measurement`` (Målingstype) and the row as ``row``."""
    return [
        {"date": row["day"], "score": row["score"], "measurement": row["Målingstype"], "row": row}
        for row in accepted_rows_from_file(path)
    ]


def relationship_scores_from_file(path) -> tuple[list[int], int]:
    """The Danish sample's relationship scores and its number of touchpoint answers, counted
    from :func:`accepted_rows_from_file`."""
    rows = accepted_rows_from_file(path)
    scores = [row["score"] for row in rows if row["Målingstype"] == "Relation"]
    return scores, len(rows) - len(scores)
