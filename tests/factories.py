"""factory_boy factories that create objects through the services, so invariants hold."""

import random
from datetime import date, timedelta

import factory

from onewindow.accounts import services
from onewindow.accounts.models import Department, User
from onewindow.core.identifiers import generate_id_number, generate_uscc

PASSWORD = "Str0ng-pass-for-tests"
_rng = random.Random(7)


class CitizenFactory(factory.Factory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"citizen{n}")
    real_name = factory.Sequence(lambda n: f"市民{n}")
    # one birth date per citizen (1980 onwards), so two citizens never share an ID number
    id_number = factory.Sequence(
        lambda n: generate_id_number("440106", date(1980, 1, 1) + timedelta(days=n), rng=_rng)
    )
    phone = factory.Sequence(lambda n: f"139{n:08d}")

    @classmethod
    def _create(cls, model_class, **kwargs):
        return services.register_citizen(password=PASSWORD, **kwargs)


class EnterpriseFactory(factory.Factory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"enterprise{n}")
    name = factory.Sequence(lambda n: f"广州测试企业{n}有限公司")
    uscc = factory.LazyFunction(lambda: generate_uscc("440106", rng=_rng))
    phone = factory.Sequence(lambda n: f"137{n:08d}")

    @classmethod
    def _create(cls, model_class, **kwargs):
        return services.register_enterprise(password=PASSWORD, **kwargs)


class DepartmentFactory(factory.Factory):
    class Meta:
        model = Department

    code = factory.Sequence(lambda n: f"440100-T{n}")
    name = factory.Sequence(lambda n: f"测试局{n}")
    division_code = "440100"
    parent_code = None

    @classmethod
    def _create(cls, model_class, **kwargs):
        return services.upsert_department(**kwargs)


class OfficialFactory(factory.Factory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"official{n}")
    real_name = factory.Sequence(lambda n: f"公务员{n}")

    @classmethod
    def _create(cls, model_class, role=None, department=None, **kwargs):
        user = services.create_official(password=PASSWORD, **kwargs)
        if role:
            services.assign_role(user=user, department=department or DepartmentFactory(), role=role)
        return user
