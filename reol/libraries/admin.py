from django.contrib import admin

from .models import BookmobileStop, Branch, Library, Region


class BranchInline(admin.TabularInline):
    model = Branch
    extra = 0


class StopInline(admin.TabularInline):
    model = BookmobileStop
    extra = 0


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
    inlines = [StopInline]
