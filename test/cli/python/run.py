"""Serves a Python program inline through the Automation API for one command of the CLI tests.

    python run.py <program.py> <preview|up|refresh|destroy> <project dir> <project name>

The program file defines `program()`; the project directory holds the Pulumi.yaml (which names the
provider plugin) and the stack `test`. What the CLI prints goes to stdout; a failed command exits 1.
"""

import importlib.util
import sys

from pulumi import automation as auto


def main() -> int:
    program_path, command, work_dir, project = sys.argv[1:5]
    spec = importlib.util.spec_from_file_location("program", program_path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    stack = auto.select_stack(
        stack_name="test",
        project_name=project,
        program=module.program,
        opts=auto.LocalWorkspaceOptions(work_dir=work_dir),
    )
    out = {"color": "never", "on_output": lambda line: print(line, flush=True)}
    commands = {
        "preview": lambda: stack.preview(diff=True, **out),
        "up": lambda: stack.up(**out),
        "refresh": lambda: stack.refresh(**out),
        "destroy": lambda: stack.destroy(**out),
    }
    try:
        result = commands[command]()
    except auto.CommandError as error:
        print(error, file=sys.stderr, flush=True)
        return 1
    # What the CLI wrote to stderr (`preview --diff` prints the engine's info lines there).
    sys.stderr.write(result.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
