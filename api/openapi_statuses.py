"""What a view method answers, read off its source for the OpenAPI document: the statuses its
return statements set, and whether it only refuses (its whole body is one `raise`)."""
import ast
import inspect
import textwrap


def _function(handler):
    """The method's ast.FunctionDef, or None when its source cannot be read."""
    try:
        source = textwrap.dedent(inspect.getsource(handler))
    except (OSError, TypeError):
        return None
    tree = ast.parse(source)
    node = tree.body[0] if tree.body else None
    return node if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else None


def _own_nodes(function):
    """The nodes of `function`, not of the functions, lambdas and classes nested in it."""
    pending = list(function.body)
    while pending:
        node = pending.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda,
                                 ast.ClassDef)):
            pending.extend(ast.iter_child_nodes(node))


def _codes(node):
    """The literal statuses an expression may be: `201`, `201 if ... else 200`."""
    if isinstance(node, ast.IfExp):
        return _codes(node.body) | _codes(node.orelse)
    if isinstance(node, ast.Constant) and type(node.value) is int and 100 <= node.value <= 599:
        return {node.value}
    return set()


def _status_argument(call):
    """The expression a call gives as its status: `status=...`, or ok()'s second argument."""
    for keyword in call.keywords:
        if keyword.arg == "status":
            return keyword.value
    name = getattr(call.func, "id", getattr(call.func, "attr", None))
    if name == "ok" and len(call.args) > 1:
        return call.args[1]
    return None


def _assigned(function, name):
    """Every value `function` assigns to the local `name`."""
    return [node.value for node in _own_nodes(function) if isinstance(node, ast.Assign)
            and any(getattr(target, "id", None) == name for target in node.targets)]


def _returned(function, value):
    """The statuses one `return value` may answer with (200 when it sets none)."""
    if isinstance(value, ast.IfExp):
        return _returned(function, value.body) | _returned(function, value.orelse)
    status = _status_argument(value) if isinstance(value, ast.Call) else None
    if status is None:
        return {200}
    if isinstance(status, ast.Name):
        found = set().union(*(_codes(v) for v in _assigned(function, status.id)))
    else:
        found = _codes(status)
    return found or {200}


def success_codes(handler):
    """The statuses `handler`'s own return statements set: literal `status=` values (also
    through a local variable), 200 for a return that sets none, {200} when unreadable."""
    function = _function(handler)
    if function is None:
        return {200}
    codes = set()
    for node in _own_nodes(function):
        if isinstance(node, ast.Return) and node.value is not None:
            codes |= _returned(function, node.value)
    return codes or {200}


def refuses(handler):
    """Is the method's whole body (its docstring aside) a single raise?"""
    function = _function(handler)
    if function is None:
        return False
    body = function.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    return len(body) == 1 and isinstance(body[0], ast.Raise)
