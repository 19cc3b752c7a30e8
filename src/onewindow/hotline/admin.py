"""Admin for the hotline: the knowledge base (hotline: kbmap)."""

from django.contrib import admin

from onewindow.catalog.admin import AuditedAdmin
from onewindow.hotline import knowledge
from onewindow.hotline.models import KnowledgeArticle


@admin.register(KnowledgeArticle)
class KnowledgeArticleAdmin(AuditedAdmin):
    audit_action = "hotline.knowledge_article"
    list_display = ("code", "title", "source", "item_code", "department", "published", "uses")
    list_filter = ("source", "published")
    search_fields = ("code", "title", "title_en", "keywords", "item_code")
    readonly_fields = ("uses", "updated_at")
    raw_id_fields = ("category", "department")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        knowledge.invalidate()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        knowledge.invalidate()
