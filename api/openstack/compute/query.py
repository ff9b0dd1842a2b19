"""Query strings as Nova's query schemas read them: the parameters a resource knows are
checked at every microversion; from 2.75 a parameter it does not know is a 400, below it is
ignored."""
from api import schemas

STRICT_SINCE = (2, 75)
TEXT = {"type": "string"}
PAGING = {"limit": schemas.non_negative_int, "marker": TEXT}


class QuerySchema:
    """The lenient (< 2.75) and strict (>= 2.75) schemas of one resource's query string,
    built once (validators are cached per schema object)."""

    def __init__(self, properties):
        self.lenient = {"type": "object", "properties": properties}
        self.strict = {**self.lenient, "additionalProperties": False}

    def validate(self, request, version):
        """The query as a dict of single values, or 400."""
        query = {key: request.GET[key] for key in request.GET}
        return schemas.validate(query, self.strict if version >= STRICT_SINCE
                                else self.lenient)


def check(view, query_schema):
    """Validate `view`'s request query at its microversion."""
    return query_schema.validate(view.request, view.version)
