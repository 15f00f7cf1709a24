"""The app models read whatever the reference allows: the documented slips, nulls, numbers as
text, unknown fields (kept), containers as a map or a list; and service text in our sentences
stays data."""

from __future__ import annotations

import datetime as dt

from ncp_df_jupyter.core.models import App, AppDetail
from ncp_df_jupyter.core.models.apps import parse_time

# The reference's detail example (spec 3.3) with its syntax-block spellings and a field we do
# not know.
DETAIL = {"success": True, "message": "success", "id": "Xq3kP9sLmN2bV7cR1tYw0a",
          "appId": "application_1715213280123_0035", "name": "mnist-7f3k2q",
          "accountName": "df001", "queueName": "gpu", "state": "RUNNING",
          "finalStatus": "UNDEFINED", "startedAt": "2024-11-21T10:00:00+09:00",
          "finishedAt": None, "elapesdMillis": "65000", "priority": 3,
          "containers": {"worker-0": {
              "conponent": "worker", "containerId": "container_e17_1715213280123_0035_01_000002",
              "cpuCount": 1, "memoryMb": 15360.0, "dockerImage": "tensorflow:r2.3.1-py3",
              "createdAt": "2024-11-21T10:00:20+09:00", "Status": "RUNNING",
              "logurl": "https://host/node/containerlogs/c/df001", "gpuIndex": [0]}}}


def test_the_detail_example_with_its_slips() -> None:
    detail = AppDetail.from_api(DETAIL)
    assert (detail.id, detail.app_id, detail.name, detail.state, detail.final_status) == (
        "Xq3kP9sLmN2bV7cR1tYw0a", "application_1715213280123_0035", "mnist-7f3k2q",
        "RUNNING", "UNDEFINED")
    assert detail.elapsed_ms == 65000 and detail.is_finished is False
    assert detail.started == dt.datetime(2024, 11, 21, 1, 0, tzinfo=dt.timezone.utc)
    (worker,) = detail.containers
    assert (worker.name, worker.component, worker.status, worker.memory_mb) == (
        "worker-0", "worker", "RUNNING", 15360)
    assert worker.log_url == "https://host/node/containerlogs/c/df001"
    assert detail.extra == {"priority": 3} and worker.extra == {"gpuIndex": [0]}
    body = detail.to_api()  # unknown fields kept, wire spellings written
    assert body["priority"] == 3 and body["elapsedMillis"] == 65000
    assert body["containers"]["worker-0"]["gpuIndex"] == [0]
    assert body["containers"]["worker-0"]["logUrl"] == worker.log_url
    assert AppDetail.from_api(body) == detail


def test_nulls_and_odd_values_are_read_leniently() -> None:
    empty = AppDetail.from_api({"id": None, "state": None, "elapsedMillis": "soon",
                                "containers": "none", "disabled": "false"})
    assert (empty.id, empty.state, empty.elapsed_ms, empty.containers) == ("", None, None, [])
    assert empty.is_finished is False and empty.disabled is False
    as_list = AppDetail.from_api({"id": "a", "containers": [{"name": "ps-0"}, {}, "x"]})
    assert [c.name for c in as_list.containers] == ["ps-0", "1"]


def test_finished_states() -> None:
    for state, finished in (("FINISHED", True), ("FAILED", True), ("KILLED", True),
                            ("RUNNING", False), ("ACCEPTED", False), ("NEW", False),
                            (None, False)):
        assert App(id="a", state=state).is_finished is finished


def test_times() -> None:
    assert parse_time("2023-05-17T01:25:31.929Z") == dt.datetime(
        2023, 5, 17, 1, 25, 31, 929000, tzinfo=dt.timezone.utc)
    assert parse_time("2024-11-21T10:00:00") == dt.datetime(2024, 11, 21, 10,
                                                            tzinfo=dt.timezone.utc)
    assert parse_time("later") is None and parse_time(None) is None


def test_service_text_in_our_sentences_stays_data() -> None:
    evil = App(id="x\ny", name="evil\x1b[2J", state="RUN\nNING\x07")
    for text in (evil.label, evil.shown_state):
        assert text.isprintable(), text
    assert App(id="a").shown_state == "in an unknown state"
