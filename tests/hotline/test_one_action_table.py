"""One table of the ticket's actions (``hotline.actions``) serves the workbench and the API: its
names are the authority table's, every service takes the fields listed, and no form or
serializer sends a field the table would drop."""

import inspect

from onewindow.api import hotline_views as api
from onewindow.hotline import actions, authority
from onewindow.workbench import hotline_views as workbench


def test_every_action_is_one_the_authority_table_judges():
    assert set(actions.ACTIONS) <= set(authority.ACTIONS)


def test_every_service_takes_its_listed_fields():
    for name, action in actions.ACTIONS.items():
        parameters = inspect.signature(action.service).parameters
        assert {action.key, "actor", *action.fields} <= set(parameters), name


def test_the_workbench_forms_send_only_fields_of_the_table():
    for name, form in workbench.FORMS.items():
        assert set(form.base_fields) <= set(actions.ACTIONS[name].fields), name
    slugs = {action for _slug, action, _name in workbench.ACTION_URLS}
    assert slugs == {n for n, a in actions.ACTIONS.items() if a.key == "number"}


def test_the_api_payloads_send_only_fields_of_the_table():
    seen = set()
    for view in [*api.ACTIONS.values(), api.DECIDE_EXTENSION]:
        name, payload = view.view_class.action_name, view.view_class.payload_class
        seen.add(name)
        assert set(payload().fields) <= set(actions.ACTIONS[name].fields), name
    assert seen == set(actions.ACTIONS)
