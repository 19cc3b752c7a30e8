"""``onewindow demo``: departments, the service catalogue and named demo accounts."""

import io
import json
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from onewindow.accounts import departments_data, services
from onewindow.accounts.identity import services as identity_services
from onewindow.accounts.models import Department, User
from onewindow.cases.registry_data import ensure_catalogue_grants
from onewindow.catalog.services import load_catalogue
from onewindow.core.identifiers import validate_uscc
from onewindow.demo import certificates as demo_certificates
from onewindow.demo import credit as demo_credit
from onewindow.demo import credit_repair as demo_credit_repair
from onewindow.demo import disclosure_public as demo_disclosure_public
from onewindow.demo import disclosure_publishing as demo_disclosure_publishing
from onewindow.demo import disclosure_report as demo_disclosure_report
from onewindow.demo import disclosure_requests as demo_disclosure_requests
from onewindow.demo import divorce as demo_divorce
from onewindow.demo import emergency as demo_emergency
from onewindow.demo import emergency_events as demo_emergency_events
from onewindow.demo import emergency_plans as demo_emergency_plans
from onewindow.demo import emergency_resources as demo_emergency_resources
from onewindow.demo import fees as demo_fees
from onewindow.demo import hall as demo_hall
from onewindow.demo import hotline as demo_hotline
from onewindow.demo import local as demo_local
from onewindow.demo import market as demo_market
from onewindow.demo import office as demo_office
from onewindow.demo import office_meetings as demo_meetings
from onewindow.demo import open311 as demo_open311
from onewindow.demo import participation_consultations as demo_consultations
from onewindow.demo import participation_proposals as demo_participation_proposals
from onewindow.demo import participation_surveys as demo_participation_surveys
from onewindow.demo import penalties as demo_penalties
from onewindow.demo import registry as demo_registry
from onewindow.demo import supervision as demo_supervision
from onewindow.demo import window as demo_window
from onewindow.demo import work_safety as demo_work_safety
from onewindow.demo.accounts import ADMINISTRATOR_DUTIES, DEFAULT_PASSWORD, DEMO_ACCOUNTS
from onewindow.hotline import services as hotline_services
from onewindow.registry.models import Person
from onewindow.supervision.services import raise_cards

# A small synthetic population beside the demo accounts' own records.
SYNTHETIC_PERSONS = 2000
SYNTHETIC_ENTITIES = 200


class Command(BaseCommand):
    help = "Load departments and the catalogue, create the demo accounts (safe to run twice)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print the accounts as JSON")

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("demo accounts have a published password: refused in production")
        self._refuse_stale_database()
        password = os.environ.get("ONEWINDOW_DEMO_PASSWORD") or DEFAULT_PASSWORD
        with services.shared_password(password):  # hashed once for every demo account
            self._make(password, options)

    def _make(self, password, options):
        # The registry records first: the citizen and the enterprise register with real-name
        # verification against them, as any visitor does.
        records = demo_registry.ensure()
        with transaction.atomic():
            departments_data.load()
            demo_window.ensure_centre()
            for account in DEMO_ACCOUNTS:
                self._ensure(account, password)
        catalogue = load_catalogue()
        grants = ensure_catalogue_grants()
        hotline_services.build_knowledge()  # hotline: kbmap — the operators' knowledge base
        demo_registry.name_purposes()
        # Before anything signs today: its cases are filed (and certificates sealed) in the past.
        disclosure_requests = demo_disclosure_requests.ensure()  # sealed letters from September
        supervised = demo_supervision.ensure()
        held = demo_certificates.ensure()
        local = demo_local.ensure(password)  # district and street officials, before their cases
        divorce = demo_divorce.ensure()
        window = demo_window.ensure(
            *(User.objects.get(username=name) for name in ("citizen", "enterprise", "clerk"))
        )
        fee_cases = demo_fees.ensure()
        notices = demo_hall.ensure()
        disclosed = demo_disclosure_public.ensure()  # 主动公开: guides and documents
        # standard addresses first: the hotline geocodes its tickets with them
        call_command("load_registry_reference", stdout=self._quiet(options))
        hotline = demo_hotline.ensure()
        open311_key = demo_open311.ensure()
        disclosure_reports = demo_disclosure_report.ensure()
        disclosed = demo_disclosure_publishing.ensure()
        surveys = demo_participation_surveys.ensure()  # 问卷: 住建局's survey with answers
        consultations = demo_consultations.ensure()  # 征求意见, before the card sweep
        proposals = demo_participation_proposals.ensure(password)  # 市民建议
        documents = demo_office.ensure()  # 公文: sent, countersigning, awaiting sign-off
        meetings_made = demo_meetings.ensure()  # tomorrow's 局务会议, last week's with 纪要
        demo_market.ensure(password)  # 双随机一公开: a drawn joint inspection, a committed plan
        market = demo_market.summary()
        demo_work_safety.ensure(
            password
        )  # 安全生产: 天河's work-safety plan, a deadline to rectify
        safety = demo_work_safety.summary()
        demo_penalties.ensure()  # 行政处罚: one published, one told to the demo enterprise
        penalty = demo_penalties.summary()
        demo_credit.ensure(password)  # 联合奖惩: a good-credit and a listed enterprise
        repairs = demo_credit_repair.ensure()  # 信用修复: one waiting, one granted; a listing
        warnings = demo_emergency.ensure()  # 预警: a typhoon raised to orange, one to approve
        incidents = demo_emergency.ensure_incidents()  # 突发事件: a 12345 flood reported up
        responses = demo_emergency_plans.ensure()  # 应急预案: the flood plan at level III
        stock = demo_emergency_resources.ensure()  # 应急资源: a team on site, a shelter filling
        games = demo_emergency_events.ensure()  # 赛会: the HQ took over, an incident near a venue
        # the card sweep cron runs hourly, once more now that the tickets are in the ledger
        ticket_cards = raise_cards()
        if Person.objects.count() < SYNTHETIC_PERSONS:
            call_command(
                "generate_registry",
                persons=SYNTHETIC_PERSONS,
                entities=SYNTHETIC_ENTITIES,
                stdout=self._quiet(options),
            )
        rows = (
            [
                {
                    "username": a.username,
                    "kind": a.kind,
                    "role": a.role,
                    "department": a.department,
                    "name": a.name,
                }
                for a in DEMO_ACCOUNTS
            ]
            + demo_local.account_rows()
            + demo_market.account_rows()
            + demo_work_safety.account_rows()
            + demo_credit.account_rows()
        )
        if not options["json"]:
            self.stdout.write(
                f"Service catalogue: {catalogue.items} items "
                f"({catalogue.parallel} with parallel review).\n"
                f"Base registries: {records['persons']} demo persons and {records['entities']} "
                f"entities; {grants} data-sharing grants created or widened for the catalogue.\n"
                f"E-certificates: {held['seals']} departments' e-seals, {held['certificates']} "
                "certificates (the citizen's ID card and the enterprise's business licence are "
                "in their wallets, at /my/certificates/).\n"
                f"Divorce registration {divorce}: the citizen's joint application, received "
                "today by tianhe_mz_clerk, is in its 30-day cooling-off period (/my/cases/).\n"
                f"Central window: {window['instances']} services newly at the city's service "
                f"centre, {window['cases']} applications newly awaiting its intake (clerk's "
                f"inbox), {window['bookings']} appointments booked; the citizen has "
                f"{window['upcoming']} upcoming (/my/appointments/).\n"
                f"Fees and delivery (统一出件): {_fee_cases(fee_cases)}\n"
                f"Service hall: {notices} notices newly published (/notices/); life events at "
                "/life-events/, departments at /departments/.\n"
                f"e-Supervision (supervisor, /workbench/supervision/): {supervised['red']} red and "
                f"{supervised['yellow']} yellow cards on cases filed working days ago, stamped by "
                f"the sweep; {supervised['ratings']} ratings (好差评), {supervised['open']} poor "
                f"ratings awaiting rectification ({supervised['overdue']} overdue) and "
                f"{supervised['answered']} answered (amr_head, /workbench/rectifications/).\n"
                f"12345 hotline: {hotline['tickets']} tickets in every state of the loop "
                "(hotline and dispatch: /workbench/hotline/; cg_handler: /workbench/hotline/inbox/"
                f"); the sweep stamped {ticket_cards['red']} red and "
                f"{ticket_cards['yellow']} yellow cards on late tickets "
                "(supervisor, /workbench/supervision/?kind=ticket).\n"
                f"Proactive disclosure (gk_officer, gk_reviewer, gk_head: /workbench/disclosure/): "
                f"{disclosed['published']} documents newly published, {disclosed['drafts']} drafts "
                "(one in review with an ID number caught, one past its Art. 26 date).\n"
                f"Open311 GeoReport v2 at /open311/v2/ (services.json, requests.json …): "
                f"api_key {open311_key} (docs/open311.md).\n"
                f"Annual disclosure reports: {disclosure_reports['published']} on 2025 published "
                "(/disclosure/reports/); the 2026 draft at /workbench/disclosure/reports/ "
                "(gk_head).\n"
                f"Disclosure requests: {disclosure_requests['requests']} made in every state "
                "(gk_officer: /workbench/disclosure/requests/; citizen: /my/disclosure/; "
                'mz_disclosure and mz_reviewer answered one "not this agency\'s").\n'
                "The public disclosure pages: /disclosure/.\n"
                f"Consultations on drafts (/participation/): {consultations['consultations']} of "
                "住建局 (zj_officer: /workbench/participation/consultations/): one open, one "
                f"reported, one late (e-supervision); {consultations['published']} published "
                f"comments; {consultations['pending']} comments await the moderator "
                "(/workbench/participation/moderation/); the citizen's comments at "
                "/my/participation/comments/.\n"
                f"Surveys (问卷): {surveys['survey']} by 住建局 with {surveys['answered']} answers "
                "newly given (hall: /participation/surveys/; zj_officer: "
                "/workbench/participation/surveys/ with results and CSV).\n"
                f"Citizens' proposals: {proposals['made']} newly made at /participation/proposals/ "
                "(one answered by cg_officer, one awaiting zj_officer's answer at "
                "/workbench/participation/proposals/, one awaiting the moderator and flagged "
                "supports at /workbench/participation/moderation/proposals/, one merged).\n"
                f"Official documents (公文, /workbench/office/): {documents['new']} newly made "
                "by 市场监管局: one sent to the 越秀 and 天河 bureaus (yx_doc_clerk signed for it, "
                "th_doc_clerk was chased), one awaiting cg_head's countersignature, a 请示 "
                "awaiting scjg_leader's sign-off, a draft returned to scjg_drafter. "
                f"Incoming (/workbench/office/incoming/): {documents['incoming']} newly "
                "registered at 市场监管局, a 请示 answered with a 批复 draft, a provincial "
                "通知 whose instruction (督办) amr_head gave 15 working days ago is overdue "
                "(red card, /workbench/supervision/?kind=office-instruction).\n"
                f"Meetings (/workbench/office/meetings/): {meetings_made} newly made by "
                "市场监管局: tomorrow's 局务会议 in a room and on video chaired by scjg_leader "
                "(zj_head will attend, cg_head sends his deputy, scjg_drafter has not answered; "
                "seated), last week's 专题会议 whose issued minutes (纪要) gave 住建局 and 城管局 "
                "two instructions (督办). Video needs ONEWINDOW_JANUS_URL (docs/operations.md).\n"
                f"Random inspections (双随机一公开, /workbench/market/): {market['visits']} visits "
                f"drawn from {market['targets']} targets in 天河 for the joint inspection of "
                f"catering by 天河区市场监管局 and fire ({market['published']} published, one red "
                "and one yellow card for results not yet public); th_scjg_head publishes and "
                "draws next quarter's committed plan; th_inspector and xf_inspector record their "
                "visits. The public checks each draw at /market/inspections/.\n"
                f"Work-safety inspections (安全生产): 天河区应急管理局's plan over "
                f"{safety['targets']} manufacturers, {safety['visits']} visits drawn, "
                f"{safety['recorded']} recorded; {safety['rectifying']} hidden danger ordered "
                f"rectified by a date (the ledger counts to it), {safety['rectified']} confirmed "
                "at a review visit. th_yj_head plans; th_yj_inspector records and reviews at "
                "/workbench/market/.\n"
                f"Annual reports and the abnormal-operation list: {market['listed']} "
                "enterprises on the list since 1 July 2026 for not filing on 2025 (th_scjg_head: "
                "/workbench/market/lists/); the enterprise account is one of them and files its "
                "late report at /my/annual-reports/ to be taken off.\n"
                f"Penalty cases (行政处罚, /workbench/market/penalties/): {penalty['cases']} of "
                "天河区市场监管局: one from the joint inspection's finding decided, paid and "
                f"published ({penalty['published']} at /market/penalties/); the enterprise "
                "account has a prior notice and states or asks for a hearing at /my/penalties/; "
                "th_scjg_head approves a referral's filing, th_inspector assesses a 12345 lead, "
                "th_legal reviews major cases. The discretion benchmarks: /market/benchmarks/.\n"
                "Joint punishment and incentive (联合奖惩) at intake, for 食品经营许可 "
                f"(/services/{demo_credit.LICENCE}/): credit_good has good credit and may "
                "submit without its food safety rules, supplied later from its case page "
                "(容缺受理); credit_listed is on the serious-dishonesty list and is refused at "
                "submission, with the measure, its legal basis and the way to credit repair; "
                "credit_rep, whose legal representative also represents the listed company, is "
                f"refused 企业开办 (/services/{demo_credit.STARTUP}/) at submission.\n"
                "告知承诺 for 出版物零售 (/services/440100-XWCB-XK-423/): credit_good committed in "
                "place of the proof of its premises, checked by press_reviewer from the workbench "
                "by the date in the ledger; credit_books' commitment was found untrue and its "
                "licence denied: its public credit record shows it, and /my/credit-repair/ the "
                "day from which the publishing bureau (press_head) may repair it.\n"
                f"Credit repair (信用修复, /workbench/market/repairs/): {repairs['repairs']} "
                f"applications to 天河区市场监管局 ({repairs['pending']} waiting for "
                "th_scjg_head); the enterprise account's penalty of last year may be repaired at "
                "/my/credit-repair/ once its late annual report is filed; "
                f"{repairs['serious']} enterprises on the serious-dishonesty list; "
                f"{repairs['proposed']} district listing waits for the consent of the city "
                "bureau (amr_head, /workbench/market/listings/).\n"
                f"Warnings (预警, /warnings/ and the hall's home page): {warnings['in_force']} in "
                f"force; the typhoon warning {warnings['typhoon']} was issued blue by yj_duty and "
                "raised to orange with yj_commander's approval, reaching "
                f"{warnings['reached']} residents of 越秀, 海珠 and 天河 (the citizen account "
                "among them: /my/); a red rainstorm warning waits for yj_commander at "
                "/workbench/emergency/warnings/. Signed CAP 1.2 alerts: /warnings/cap.atom.\n"
                f"Incidents (突发事件, /workbench/emergency/incidents/): {incidents['incidents']}; "
                f"12345 ticket {incidents['ticket']} was escalated by dispatch to 天河区应急管理局 "
                f"as {incidents['creek']}, reported to the city by th_yj_duty and acknowledged by "
                "yj_duty; th_yj_duty owes the city a report on a fallen tree within 2 hours.\n"
                f"Plans (应急预案, /workbench/emergency/plans/): {responses['plans']}; the flood "
                f"plan is in force at level III as {responses['response']} with "
                f"{responses['tasks']} tasks: swu_duty reported back, xf_duty and mz_duty owe "
                "reports, police_head has the police's task to acknowledge.\n"
                f"Resources (/workbench/emergency/resources/): {stock['resources']}; the fire "
                "brigade's water-rescue unit is on site at the flood, 85 people are in the 天河 "
                "Sports Centre shelter, 100 tents wait for yj_duty to acknowledge, and 天河 asks "
                "mz_duty for quilts. Command board: /workbench/emergency/board/ (yj_duty or "
                "yj_commander); duty roster: /workbench/emergency/duty/.\n"
                f"Major events (赛会, /workbench/emergency/events/): {games['event']}, "
                f"{games['venues']} venues; the event operations headquarters took over two days "
                f"ago; incident {games['crowd']} near the Tianhe Sports Centre reached yj_duty; "
                f"{games['permits']} fast-track permit and {games['reports']} daily report "
                "(yj_duty compiles the next).\n"
            )
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        self._print_table(rows, password)
        self._print_local(local)
        name, id_number = records["unregistered"]
        self.stdout.write(
            f"Real-name registration at /register/: {name} {id_number} is in the population "
            "registry without an account (any other name or number is refused)."
        )

    def _refuse_stale_database(self):
        """A demo database made before USCCs were checked for their inner organization code
        (GB 11714) holds codes that no longer validate; it is made again, not patched."""
        uscc = User.objects.filter(username="enterprise").values_list("uscc", flat=True).first()
        try:
            validate_uscc(uscc or "")
        except ValidationError:
            if uscc:
                raise CommandError(
                    f"The demo enterprise's USCC {uscc} fails the organization-code check of "
                    "GB 11714: this demo database predates it. Remove it (var/onewindow.sqlite3, "
                    "or drop the PostgreSQL database) and run `make demo` again."
                ) from None

    def _quiet(self, options):
        """Sub-commands print their progress, except when the output is JSON."""
        return io.StringIO() if options["json"] else self.stdout

    def _ensure(self, account, password):
        user = User.objects.filter(username=account.username).first()
        if user is None:
            if account.kind == "citizen":
                user = identity_services.register_citizen(
                    username=account.username,
                    password=password,
                    real_name=account.name,
                    id_number=account.id_number,
                    phone=account.phone,
                )
            elif account.kind == "enterprise":
                # The demo citizen is the enterprise's legal representative (demo/registry.py).
                representative = next(a for a in DEMO_ACCOUNTS if a.username == "citizen")
                user = identity_services.register_enterprise(
                    username=account.username,
                    password=password,
                    name=account.name,
                    uscc=account.uscc,
                    phone=account.phone,
                    representative_name=representative.name,
                    representative_id_number=representative.id_number,
                )
            else:
                user = services.create_official(
                    username=account.username, password=password, real_name=account.name
                )
        elif not user.check_password(password):
            services.set_password(user=user, password=password)
        if account.role:
            services.assign_role(
                user=user,
                department=Department.objects.get(code=account.department),
                role=account.role,
            )

    def _print_local(self, local):
        """Who sees what in district and street service (属地)."""
        self.stdout.write(
            "\nDistrict and street service (属地): applications go to the residents' streets."
        )
        for username, name, street in local["residents"]:
            self.stdout.write(f"  {username} ({name}) lives in {street}")
        for case in local["cases"]:
            self.stdout.write(
                f"  case {case.number} {case.item.name}: {case.lead_department.name}, "
                f"{case.get_status_display()}"
            )
        self.stdout.write("Officials of the streets and districts:")
        for official in local["officials"]:
            self.stdout.write(f"  {official.username}: {official.sees}")
        self.stdout.write(
            "  supervisor: the roll-up of Guangzhou's districts; the guide of each street "
            "service lists its 176 streets and towns with their centres."
        )

    def _print_table(self, rows, password):
        headers = ["username", "kind", "role", "department", "name"]
        widths = {h: max(len(h), *(_width(r[h]) for r in rows)) for h in headers}

        def line(values):
            return "  ".join(_pad(values[h], widths[h]) for h in headers)

        self.stdout.write(line({h: h for h in headers}))
        self.stdout.write(line({h: "-" * widths[h] for h in headers}))
        for row in rows:
            self.stdout.write(line(row))
        self.stdout.write(
            "\nAdministration at /admin/, three duties held by different people (三权分立):"
        )
        for username, duty in ADMINISTRATOR_DUTIES.items():
            self.stdout.write(f"  {username}: {duty}")
        self.stdout.write(f"\nPassword for every demo account: {password}")
        phones = ", ".join(f"{a.username} {a.phone}" for a in DEMO_ACCOUNTS if a.phone)
        self.stdout.write(
            f"SMS sign-in at /login/sms/ ({phones}): in development the codes are "
            "written to the server console (the log channel)."
        )


def _fee_cases(cases: dict) -> str:
    return (
        f"{cases['unpaid']} has its 60-yuan fee unpaid (citizen's case page; the window of "
        f"'clerk' records it); {cases['posted']} was paid at the counter and posted by EMS."
    )


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
