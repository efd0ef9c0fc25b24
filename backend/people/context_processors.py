from backend.people.access import access_for


def access(request):
    """Expose the user's access to templates (menus show what a role may do)."""
    return {"access": access_for(getattr(request, "user", None))}
