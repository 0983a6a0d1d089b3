"""JSON Lines in and out, evaluate_stream, --keep-going, --jobs, the progress bar (contract.md, "Bulk")."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

import jjpolicy
from jjpolicy.cli import main
from jjpolicy.render import to_json
from jjpolicy.solve import CHUNK

ROOT = Path(__file__).resolve().parent.parent
PORTFOLIO = ROOT / "facts" / "portfolio.json"
JJPOLICY = [sys.executable, "-c", "from jjpolicy.cli import main; main()"]

sys.path.insert(0, str(ROOT / "scripts"))
import generate  # noqa: E402

N = CHUNK + 60  # two chunks, the second one partial


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def jsonl(subjects) -> str:
    return "".join(json.dumps(s, ensure_ascii=False) + "\n" for s in subjects)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A generated portfolio as JSON and JSON Lines, with the one-job outputs."""
    data = generate.portfolio(N, seed=9)
    d = tmp_path_factory.mktemp("gen")
    (d / "p.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (d / "p.jsonl").write_text(jsonl(data["subjects"]), encoding="utf-8")
    as_json = run("evaluate", str(d / "p.json"), "--format", "json")
    as_jsonl = run("evaluate", str(d / "p.jsonl"), "--format", "jsonl")
    assert as_json.exit_code == 0 and as_jsonl.exit_code == 0, as_json.stderr + as_jsonl.stderr
    return d, data, as_json.stdout, as_jsonl.stdout


def test_jsonl_output_is_the_subjects_of_the_json_output(generated):
    _d, data, as_json, as_jsonl = generated
    whole = json.loads(as_json, parse_float=Decimal)
    lines = as_jsonl.splitlines()
    assert len(lines) == N == len(whole["subjects"])
    assert [json.loads(line, parse_float=Decimal) for line in lines] == whole["subjects"]
    # the same text too: each line is the subject's object as the JSON output writes it
    assert lines == [to_json(s) for s in json.loads(as_json, parse_float=Decimal)["subjects"]]
    assert [json.loads(line)["id"] for line in lines] == [s["id"] for s in data["subjects"]]


def test_json_in_jsonl_out_and_jsonl_in_json_out_agree(generated):
    d, _data, as_json, as_jsonl = generated
    assert run("evaluate", str(d / "p.json"), "--format", "jsonl").stdout == as_jsonl
    assert run("evaluate", str(d / "p.jsonl"), "--format", "json").stdout == as_json
    assert run("evaluate", "-", "--from", "jsonl", "--format", "json", input=(d / "p.jsonl").read_bytes()).stdout == as_json


@pytest.mark.parametrize("jobs", ["2", "0"])
def test_several_jobs_give_the_same_bytes_as_one(generated, jobs):
    d, _data, as_json, as_jsonl = generated
    assert run("evaluate", str(d / "p.json"), "--format", "json", "--jobs", jobs).stdout == as_json
    assert run("evaluate", str(d / "p.jsonl"), "--format", "jsonl", "--jobs", jobs).stdout == as_jsonl


def test_library_jobs_and_stream_give_the_same_results(generated):
    _d, data, as_json, _ = generated
    facts = jjpolicy.parse_facts(json.loads(json.dumps(data), parse_float=Decimal))
    one = jjpolicy.evaluate_facts(facts)
    assert to_json(one.to_dict()) + "\n" == as_json
    assert jjpolicy.evaluate_facts(facts, jobs=2) == one
    streamed = list(jjpolicy.evaluate_stream(iter(data["subjects"]), jobs=2, chunk=50))
    assert tuple(streamed) == one.subjects


def test_default_is_one_job():
    import inspect

    from jjpolicy.engine import evaluate_subjects

    assert inspect.signature(evaluate_subjects).parameters["jobs"].default == 1
    assert inspect.signature(jjpolicy.evaluate_facts).parameters["jobs"].default == 1
    assert "one per core). The output is the same byte for byte. [default: 1;" in " ".join(
        run("evaluate", "--help").stdout.split()
    )


def test_evaluate_stream_reads_a_chunk_before_it_yields():
    subjects = json.loads(PORTFOLIO.read_text(encoding="utf-8"), parse_float=Decimal)["subjects"]
    taken = []

    def source():
        for s in subjects:
            taken.append(s["id"])
            yield s

    results = jjpolicy.evaluate_stream(source(), chunk=3)
    first = next(results)
    assert first.id == "E01" and len(taken) == 3
    rest = list(results)
    assert [r.id for r in [first, *rest]] == [s["id"] for s in subjects]
    assert sum((r.total for r in [first, *rest]), Decimal(0)) == Decimal("25981913.61")


def test_evaluate_stream_year_is_the_year_of_the_whole_result():
    data = json.loads(PORTFOLIO.read_text(encoding="utf-8"), parse_float=Decimal)
    assert tuple(jjpolicy.evaluate_stream(data["subjects"], 2026)) == jjpolicy.evaluate(data, 2026).subjects


def test_evaluate_stream_yields_the_subjects_before_a_bad_one_then_raises():
    subjects = json.loads(PORTFOLIO.read_text(encoding="utf-8"), parse_float=Decimal)["subjects"]
    subjects[5] = dict(subjects[5], kind="factory")
    got = []
    with pytest.raises(jjpolicy.InputError) as info:
        for r in jjpolicy.evaluate_stream(subjects, chunk=4):
            got.append(r.id)
    assert got == ["E01", "E02", "E03", "E04", "E05"]
    assert [str(p).split(":")[0] for p in info.value.problems] == ["subjects[5].kind"]


def test_streamed_output_starts_before_the_input_ends(generated, tmp_path):
    """A pipe: the first chunk's lines come out while stdin is still open."""
    import threading

    d, _data, _, as_jsonl = generated
    lines = (d / "p.jsonl").read_bytes().splitlines(keepends=True)
    with open(tmp_path / "err", "wb") as err:
        proc = subprocess.Popen(
            [*JJPOLICY, "evaluate", "-", "--from", "jsonl", "--format", "jsonl"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=err,
            cwd=ROOT,
        )
        try:
            proc.stdin.write(b"".join(lines[:CHUNK]))
            proc.stdin.flush()
            ready, _, _ = select.select([proc.stdout], [], [], 300)
            assert ready, "no output while the input was open"
            first = proc.stdout.readline()
            assert json.loads(first)["id"] == json.loads(lines[0])["id"]
            assert proc.poll() is None  # still reading
            rest = []
            reader = threading.Thread(target=lambda: rest.append(proc.stdout.read()))
            reader.start()
            proc.stdin.write(b"".join(lines[CHUNK:]))
            proc.stdin.close()
            reader.join(300)
            assert proc.wait(300) == 0, (tmp_path / "err").read_text()
        finally:
            proc.kill()
    assert (first + rest[0]).decode("utf-8") == as_jsonl


# ---- bad lines ----------------------------------------------------------------------------------


def _bad_file(tmp_path) -> tuple[Path, list[dict]]:
    subjects = json.loads(PORTFOLIO.read_text(encoding="utf-8"))["subjects"]
    text = jsonl(subjects[:3])  # lines 1-3
    text += '{"id": "X", "kind": "enterprise", "events": [{"id": "a", "type": "single_champion", "date": "2025-02-30", "level": "national"}]}\n'
    text += "\n"  # line 5: blank, skipped
    text += jsonl(subjects[3:6])  # lines 6-8
    text += "{not json\n"  # line 9
    text += jsonl(subjects[:1])  # line 10: a duplicate of line 1
    text += jsonl(subjects[6:])  # lines 11-17
    path = tmp_path / "bad.jsonl"
    path.write_text(text, encoding="utf-8")
    return path, subjects


PROBLEMS = [
    'line 4: events[0].date: expected a date YYYY-MM-DD that exists in the calendar (got "2025-02-30")',
    "line 9: $: not valid JSON: Expecting property name enclosed in double quotes (column 2)",
    'line 10: id: duplicate subject id "E01" (first at line 1)',
]


def test_a_bad_line_stops_the_run_after_the_lines_before_it(tmp_path):
    path, subjects = _bad_file(tmp_path)
    res = run("evaluate", str(path), "--format", "jsonl")
    assert res.exit_code == 2
    assert [json.loads(line)["id"] for line in res.stdout.splitlines()] == ["E01", "E02", "E03"]
    err = res.stderr.splitlines()
    assert err[:3] == PROBLEMS  # every bad line of the file, though the run stopped at the first
    assert err[3].startswith("stopped at line 4: ") and "3 subjects before it" in err[3]
    assert "Traceback" not in res.stderr


@pytest.mark.parametrize("fmt", ["json", "table"])
def test_a_bad_line_with_a_whole_output_writes_nothing(tmp_path, fmt):
    path, _ = _bad_file(tmp_path)
    res = run("evaluate", str(path), "--format", fmt)
    assert res.exit_code == 2 and res.stdout == ""
    assert res.stderr.splitlines()[:3] == PROBLEMS


def test_a_stopped_run_leaves_no_out_file(tmp_path):
    path, _ = _bad_file(tmp_path)
    out = tmp_path / "out.jsonl"
    res = run("evaluate", str(path), "--format", "jsonl", "--out", str(out))
    assert res.exit_code == 2 and res.stdout == ""
    assert "nothing is written" in res.stderr
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["bad.jsonl"]


def test_keep_going_skips_the_bad_lines_and_exits_3(tmp_path):
    path, subjects = _bad_file(tmp_path)
    res = run("evaluate", str(path), "--format", "jsonl", "--keep-going")
    assert res.exit_code == 3
    assert [json.loads(line)["id"] for line in res.stdout.splitlines()] == [s["id"] for s in subjects]
    err = res.stderr.splitlines()
    assert [e for e in err if e.startswith("line ")] == PROBLEMS
    # stderr follows the input, whatever the chunks and jobs: line 9's problem comes after the warnings
    # of the subject on line 7 (E05, reading A13), and a second job changes nothing
    assert err.index(PROBLEMS[1]) > max(i for i, e in enumerate(err) if e.startswith("warning: E05: "))
    assert run("evaluate", str(path), "--format", "jsonl", "--keep-going", "--jobs", "2").stderr == res.stderr
    assert err[-1] == "skipped 3 of 16 subjects (bad input); evaluated 13"
    whole = json.loads(run("evaluate", str(PORTFOLIO), "--format", "json").stdout)
    assert [json.loads(line) for line in res.stdout.splitlines()] == whole["subjects"]


def test_keep_going_with_an_out_file_writes_it(tmp_path):
    path, _ = _bad_file(tmp_path)
    out = tmp_path / "out.json"
    res = run("evaluate", str(path), "--format", "json", "--keep-going", "--out", str(out))
    assert res.exit_code == 3 and res.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["total"] == 25981913.61


def test_keep_going_on_a_json_document_skips_bad_subjects(tmp_path):
    data = json.loads(PORTFOLIO.read_text(encoding="utf-8"))
    data["subjects"][1]["events"][0]["date"] = "tomorrow"
    data["subjects"][4]["kind"] = "factory"
    path = tmp_path / "p.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    plain = run("evaluate", str(path), "--format", "json")
    assert plain.exit_code == 2 and plain.stdout == ""
    res = run("evaluate", str(path), "--format", "json", "--keep-going")
    assert res.exit_code == 3
    assert res.stderr.splitlines()[:2] == plain.stderr.splitlines()
    assert res.stderr.splitlines()[0].startswith("subjects[1].events[0].date: ")
    assert res.stderr.splitlines()[-1] == "skipped 2 of 13 subjects (bad input); evaluated 11"
    assert [s["id"] for s in json.loads(res.stdout)["subjects"]] == [
        s["id"] for i, s in enumerate(data["subjects"]) if i not in (1, 4)
    ]


def test_keep_going_does_not_skip_a_problem_of_the_document(tmp_path):
    res = run("evaluate", "-", "--keep-going", input='{"schema": "other", "subjects": []}')
    assert res.exit_code == 2 and res.stdout == ""
    assert res.stderr.startswith("schema: ")


def test_jsonl_edge_cases():
    assert run("evaluate", "-", "--from", "jsonl", "--format", "jsonl", input="").stdout == ""
    res = run("evaluate", "-", "--from", "jsonl", "--format", "json", input="\n\n")
    assert res.exit_code == 0 and json.loads(res.stdout)["subjects"] == []
    res = run(
        "evaluate",
        "-",
        "--from",
        "jsonl",
        input=b"\xef\xbb\xbf" + jsonl([{"id": "A", "kind": "enterprise"}]).encode() + b"\xff\n",
    )
    assert res.exit_code == 2
    assert res.stderr.splitlines()[0] == "line 2: $: not valid UTF-8 (invalid start byte at byte 0)"
    res = run("evaluate", "-", "--from", "jsonl", input="[1, 2]\n")
    assert res.stderr.splitlines()[0] == "line 1: $: expected an object (got a list)"


def test_warnings_of_streamed_formats_go_to_stderr():
    res = run("evaluate", str(PORTFOLIO), "--format", "jsonl")
    assert res.exit_code == 0
    whole = json.loads(run("evaluate", str(PORTFOLIO), "--format", "json").stdout)
    assert res.stderr.splitlines() == [f"warning: {w}" for w in whole["warnings"]]


# ---- progress ------------------------------------------------------------------------------------


def test_no_progress_output_when_stderr_is_not_a_terminal():
    proc = subprocess.run([*JJPOLICY, "evaluate", str(PORTFOLIO), "--format", "json"], capture_output=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0
    assert proc.stderr == b""
    proc = subprocess.run(
        [*JJPOLICY, "evaluate", "-", "--from", "jsonl", "--format", "jsonl", "--jobs", "2"],
        input=jsonl(json.loads(PORTFOLIO.read_text(encoding="utf-8"))["subjects"][:4]).encode(),
        capture_output=True,
        cwd=ROOT,
        timeout=300,
    )
    assert proc.returncode == 0 and proc.stderr == b"" and len(proc.stdout.splitlines()) == 4


def test_progress_bar_when_stderr_is_a_terminal(tmp_path):
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    out = tmp_path / "r.jsonl"
    proc = subprocess.Popen(
        [*JJPOLICY, "evaluate", str(PORTFOLIO), "--format", "jsonl", "--out", str(out)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=slave,
        cwd=ROOT,
    )
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 1)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:
                break
            if not data:
                break
            seen += data
        elif proc.poll() is not None:
            break
    os.close(master)
    assert proc.wait(60) == 0
    text = seen.decode("utf-8", "replace")
    assert "13/13" in text and "subjects/s" in text
    assert len(out.read_text(encoding="utf-8").splitlines()) == 13


@pytest.mark.parametrize("jobs", [1, 2])
def test_isolated_workers_replaced_every_few_chunks_give_the_same_results(monkeypatch, jobs):
    """clingo keeps every symbol for the life of a process: the command line solves in workers that
    are replaced every RECYCLE chunks; the results are those of one process."""
    import jjpolicy.stream as stream

    monkeypatch.setattr(stream, "RECYCLE", 2)
    data = json.loads(PORTFOLIO.read_text(encoding="utf-8"), parse_float=Decimal)
    one = jjpolicy.evaluate(data).subjects
    assert tuple(jjpolicy.evaluate_stream(data["subjects"], jobs=jobs, chunk=2, isolate=True)) == one


def _running(pid: int) -> bool:
    """The process exists and is not a zombie (Linux /proc)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def _children(parent: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == parent:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_workers_end_with_a_killed_command(generated):
    """A command killed outright (SIGKILL) leaves no worker waiting for ever."""
    import signal

    d, *_ = generated
    lines = (d / "p.jsonl").read_bytes().splitlines(keepends=True)
    proc = subprocess.Popen(
        [*JJPOLICY, "evaluate", "-", "--from", "jsonl", "--format", "jsonl", "--jobs", "2"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    try:
        proc.stdin.write(b"".join(lines[:CHUNK]))  # the first chunk goes to a worker; stdin stays open
        proc.stdin.flush()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(_children(proc.pid)) < 2:
            time.sleep(0.2)
        workers = _children(proc.pid)
        assert len(workers) >= 2
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(60)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(_running(w) for w in workers):
        time.sleep(0.2)
    assert [w for w in workers if _running(w)] == []


@pytest.mark.parametrize(
    "options",
    [
        ["--lang", "zh"],
        ["--reading", "A2=top_up"],
        ["--param", "2.1/equipment_update.rate=6%"],
        ["--awards-only", "--lang", "zh"],
    ],
)
def test_json_written_from_a_stream_states_what_the_whole_file_path_states(tmp_path, options):
    # The same document, byte for byte, whether the JSON is made in one process from a JSON file or
    # assembled from subjects' texts made in workers (JSON Lines in, --out): language, readings switched,
    # the reform, awards only.
    data = json.loads(PORTFOLIO.read_text(encoding="utf-8"))
    lines = tmp_path / "p.jsonl"
    lines.write_text(jsonl(data["subjects"]), encoding="utf-8")
    whole = run("evaluate", str(PORTFOLIO), "--format", "json", *options)
    assert whole.exit_code == 0
    out = tmp_path / "out.json"
    streamed = run("evaluate", str(lines), "--format", "json", "--out", str(out), *options)
    assert streamed.exit_code == 0, streamed.output
    assert out.read_text(encoding="utf-8") == whole.stdout
    jl = run("evaluate", str(lines), "--format", "jsonl", *options)
    assert [json.loads(x) for x in jl.stdout.splitlines()] == json.loads(whole.stdout)["subjects"]


def test_csv_and_stderr_warnings_speak_the_language_asked_for(tmp_path):
    # E05's 4.3 subsidy disagreement (reading A13) is a warning; its 2.1 grounds are sentences.
    out = tmp_path / "r.csv"
    res = run("evaluate", str(PORTFOLIO), "--format", "csv", "--out", str(out), "--lang", "zh")
    assert res.exit_code == 0
    text = out.read_text(encoding="utf-8-sig")
    assert "主体为工业企业" in text and "the subject is" not in text  # Simplified, as --lang zh speaks
    assert "warning: E05:" in res.stderr and "解读 A13" in res.stderr
    english = run("evaluate", str(PORTFOLIO), "--format", "jsonl")
    assert "warning: E05:" in english.stderr and "reading A13" in english.stderr
