"""JSON-schema validation of request bodies (Nova validates every body the same way)."""
import jsonschema

from api.errors import BadRequest

name = {"type": "string", "minLength": 1, "maxLength": 255,
        "pattern": r"^(?!\s)[\s\S]*(?<!\s)$"}
# No size cap here: the metadata_items quota answers too many items with Nova's 403.
metadata = {"type": "object",
            "patternProperties": {r"^[a-zA-Z0-9-_:. ]{1,255}$": {"type": "string",
                                                                 "maxLength": 255}},
            "additionalProperties": False}
non_negative_int = {"type": ["integer", "string"], "pattern": r"^[0-9]*$", "minimum": 0}
positive_int = {"type": ["integer", "string"], "pattern": r"^[0-9]*$", "minimum": 1}
# Nova's parameter_types.boolean: JSON booleans and these spellings; TRUE_STRINGS are true.
boolean = {"type": ["boolean", "string"],
           "enum": [True, "True", "TRUE", "true", "1", "ON", "On", "on", "YES", "Yes", "yes",
                    False, "False", "FALSE", "false", "0", "OFF", "Off", "off", "NO", "No", "no"]}
TRUE_STRINGS = ("true", "1", "on", "yes")


def envelope(key, schema):
    """The body that holds `schema` under `key`, as {"user": {...}} (for api.openapi)."""
    return {"type": "object", "properties": {key: schema}, "required": [key]}


_FORMATS = jsonschema.FormatChecker()
_validators = {}


def _validator(schema):
    """One checked validator per schema: checking the schema itself costs ~100 ms a time."""
    key = id(schema)
    found = _validators.get(key)
    if found is None or found[0] is not schema:
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        found = _validators[key] = (schema, cls(schema, format_checker=_FORMATS))
    return found[1]


def validate(body, schema):
    """400 with the first violation, phrased as Nova does ("Invalid input for field ...")."""
    try:
        error = jsonschema.exceptions.best_match(_validator(schema).iter_errors(body))
        if error is not None:
            raise error
    except jsonschema.ValidationError as exc:
        path = "/".join(str(p) for p in exc.absolute_path)
        where = f"Invalid input for field/attribute {path}." if path else "Invalid input."
        raise BadRequest(f"{where} Value: {exc.instance!r}. {exc.message}")
    return body
