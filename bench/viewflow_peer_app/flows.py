"""The 3-department process of 440100-SCJG-XK-326 as a viewflow flow.

Submit → intake → split into the three department reviews → join → decide → deliver → end:
the same 7 human steps as the BPMN of ``parallel_review`` that OneWindow runs. Every step
is a task assigned to one official on creation and guarded by a permission; the flow locks
the process row with ``SELECT … FOR UPDATE``, viewflow's recommended lock on PostgreSQL.
"""

from viewflow import this
from viewflow.workflow import flow, lock
from viewflow.workflow.flow.views import CreateProcessView, UpdateProcessView

from .models import FoodLicenceProcess

FORM_FIELDS = [
    "uscc",
    "business_format",
    "division",
    "premises_address",
    "food_safety_manager",
    "contact_phone",
]

# The official each step is assigned to, by username.
CLERK, HEAD = "peer_clerk", "peer_head"
REVIEWERS = {"SCJG": "peer_scjg", "XF": "peer_xf", "CG": "peer_cg"}


def review(department: str) -> flow.View:
    field = f"{department.lower()}_opinion"
    return (
        flow.View(UpdateProcessView.as_view(fields=[field]))
        .Permission(f"viewflow_peer_app.review_{department.lower()}")
        .Assign(username=REVIEWERS[department])
        .Next(this.join_reviews)
    )


class FoodLicenceFlow(flow.Flow):
    """食品经营许可

    Market regulation, fire and ecology review the application in parallel.
    """

    process_class = FoodLicenceProcess
    lock_impl = lock.select_for_update_lock

    submit = (
        flow.Start(CreateProcessView.as_view(fields=FORM_FIELDS))
        .Permission("viewflow_peer_app.submit_application")
        .Next(this.intake)
    )
    intake = (
        flow.View(UpdateProcessView.as_view(fields=["accepted"]))
        .Permission("viewflow_peer_app.accept_application")
        .Assign(username=CLERK)
        .Next(this.split_reviews)
    )
    split_reviews = flow.Split().Next(this.review_scjg).Next(this.review_xf).Next(this.review_cg)
    review_scjg = review("SCJG")
    review_xf = review("XF")
    review_cg = review("CG")
    join_reviews = flow.Join().Next(this.decide)
    decide = (
        flow.View(UpdateProcessView.as_view(fields=["granted"]))
        .Permission("viewflow_peer_app.decide_application")
        .Assign(username=HEAD)
        .Next(this.deliver)
    )
    deliver = (
        flow.View(UpdateProcessView.as_view(fields=["delivered"]))
        .Permission("viewflow_peer_app.deliver_decision")
        .Assign(username=CLERK)
        .Next(this.end)
    )
    end = flow.End()
