"""feeds.yaml text -> (the loaded data, the line of every key path), refusing a mapping key given
twice (PyYAML would silently keep the last one). Pure: reads no file, raises ``ConfigError``.

Key paths are spelled as the validator names them: ``settings.retries``, ``outlets.bbc``,
``outlets.bbc.feeds[0].url``; lines count from 1.
"""

from __future__ import annotations

from typing import Any

import yaml

from aggregator.errors import ConfigError


def _key_text(node: yaml.Node) -> str:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else "<complex key>"


def _index(node: yaml.Node, prefix: str, source: str, lines: dict[str, int]) -> None:
    """Record the line of every key path under ``node``; ConfigError on a duplicated key."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = _key_text(key_node)
            line = key_node.start_mark.line + 1
            path = f"{prefix}.{key}" if prefix else key
            if key in seen:
                raise ConfigError(
                    f"{source}:{line}: {path}: duplicated key (first given at line {seen[key]}); "
                    "give each key once"
                )
            seen[key] = line
            lines[path] = line
            _index(value_node, path, source, lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            path = f"{prefix}[{i}]"
            lines[path] = item.start_mark.line + 1
            _index(item, path, source, lines)


def load_document(text: str, source: str) -> tuple[Any, dict[str, int]]:
    """Parse YAML ``text`` (named ``source`` in errors) into its data and a key path -> line map."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        lines: dict[str, int] = {}
        if node is None:
            return None, lines
        _index(node, "", source, lines)
        return loader.construct_document(node), lines
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{source}:{mark.line + 1}" if mark else source
        problem = " ".join(part for part in (exc.context, exc.problem) if part)
        raise ConfigError(f"{where}: not valid YAML: {problem}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{source}: not valid YAML: {' '.join(str(exc).split())}") from exc
    finally:
        loader.dispose()
