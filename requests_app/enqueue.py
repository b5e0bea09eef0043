"""Hand work to Celery by task name, so that services never import a tasks module.

Tasks modules are the adapters above services (a task loads ids and calls a service);
a service that starts a task names it instead of importing it, which keeps the imports
one way. An unknown name fails loudly (`KeyError`), and a test checks that every name
used is a registered task.
"""

from celery import Task, current_app


def task_named(name: str) -> Task:
    """Return the registered task `name`, loading the apps' tasks modules if needed.

    A worker imports every app's `tasks` module when it starts; a web process has not,
    until something asks (Celery's autodiscovery runs on `import_default_modules`).
    """
    if name not in current_app.tasks:
        current_app.loader.import_default_modules()
    return current_app.tasks[name]


def task_enqueue(name: str, *args: object) -> None:
    """Queue the task `name` with `args`; run it in-process in embedded mode."""
    task_named(name).delay(*args)


def tasks_run_in_process() -> bool:
    """Return whether tasks run in-process (embedded mode: no broker configured)."""
    return bool(current_app.conf.task_always_eager)
