"""The JSON body parser every API view uses: DRF's, with a body nested deeper than the decoder
can recurse refused as malformed (ParseError, a 400) instead of escaping as RecursionError."""
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class JSONBodyParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply") from None
