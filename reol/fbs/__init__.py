"""The FBS Adapter: the national library system's external API, answered from reol, so that the
libraries' own web sites and apps (DPL CMS and its React apps) run on reol. See docs/fbs.md."""
