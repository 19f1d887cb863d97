"""The authoring studio's blueprint, shared by its view modules."""

from flask import Blueprint

from portal.models import Role
from portal.web import role_required

bp = Blueprint("authoring", __name__, url_prefix="/authoring")
trainers = role_required(Role.TRAINER, Role.ADMIN)
