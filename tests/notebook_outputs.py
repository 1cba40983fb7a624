"""What an executed notebook showed, for the notebook tests: one reading of outputs for all."""

import json

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
