"""Take down published penalty decisions whose period has ended (市场监督管理行政处罚信息公示
规定 Art. 13: three months for a lower fine alone, three years otherwise): meant for a daily
cron."""

from django.core.management.base import BaseCommand

from onewindow.market import penalties


class Command(BaseCommand):
    help = "Take down published penalty decisions whose publication period has ended."

    def handle(self, *args, **options):
        count = penalties.withdraw_expired()
        self.stdout.write(
            f"{count} published penalty decisions taken down at the end of their period."
        )
