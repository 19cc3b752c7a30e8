"""Take enterprises off the serious-dishonesty list when their three years end (市场监督管理
严重违法失信名单管理办法, 2021): meant for a daily cron."""

from django.core.management.base import BaseCommand

from onewindow.market import serious_list


class Command(BaseCommand):
    help = "Take enterprises off the serious-dishonesty list when their three years end."

    def handle(self, *args, **options):
        count = serious_list.end_expired()
        self.stdout.write(f"{count} enterprises taken off the serious-dishonesty list.")
