from django.contrib import admin

from .models import BookmobileStop, Branch, Library, OpeningException, OpeningPattern, Region


class BranchInline(admin.TabularInline):
    model = Branch
    extra = 0


class StopInline(admin.TabularInline):
    model = BookmobileStop
    extra = 0


class PatternInline(admin.TabularInline):
    model = OpeningPattern
    extra = 0
    fields = ["valid_from", "valid_to", "weekday", "opens", "closes", "service", "stop",
              "open_on_holidays"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "stop":  # only this branch's stops, not the whole country's
            branch_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = BookmobileStop.objects.filter(branch_id=branch_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ExceptionInline(admin.TabularInline):
    model = OpeningException
    extra = 0
    fields = ["date", "opens", "closes", "service", "reason"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "municipalities", "population_2020"]


@admin.register(Library)
class LibraryAdmin(admin.ModelAdmin):
    list_display = ["name", "agency", "municipality", "kind", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "agency", "municipality"]
    inlines = [BranchInline]


@admin.register(Branch)
class BranchAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "library", "kind"]
    list_filter = ["kind", "library"]
    search_fields = ["name", "code"]
    inlines = [StopInline, PatternInline, ExceptionInline]


@admin.register(OpeningPattern)
class OpeningPatternAdmin(admin.ModelAdmin):
    list_display = ["branch", "weekday", "opens", "closes", "service", "stop", "valid_from",
                    "valid_to"]
    list_filter = ["service", "weekday", "branch__library"]
    search_fields = ["branch__name", "branch__code"]
    list_select_related = ["branch", "stop"]


@admin.register(OpeningException)
class OpeningExceptionAdmin(admin.ModelAdmin):
    list_display = ["branch", "date", "service", "opens", "closes", "reason"]
    list_filter = ["service", "branch__library"]
    search_fields = ["branch__name", "branch__code", "reason"]
    date_hierarchy = "date"
    list_select_related = ["branch"]
