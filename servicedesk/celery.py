import os

import redis
from celery import Celery
from kombu.transport import redis as kombu_redis

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicedesk.settings")

app = Celery("servicedesk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


class RedisChannel(kombu_redis.Channel):
    """A Redis channel that, once its connection is closed, fails as a lost connection.

    kombu's channel looks its server up on the connection, which is gone once closed:
    acknowledging a task that finished after the broker stopped, or giving back its
    messages, then raised AttributeError ('NoneType' object has no attribute
    'hostname'), which the worker takes for a bug and exits on. As a connection
    error it is logged ("Couldn't ack") and the worker reconnects; the message comes
    back after Redis's visibility timeout and the task finds its work done.
    """

    def _connparams(self, asynchronous: bool = False) -> dict:
        if self.connection.client is None:
            raise redis.exceptions.ConnectionError(
                "The broker connection of this channel is closed."
            )
        return super()._connparams(asynchronous=asynchronous)


class RedisTransport(kombu_redis.Transport):
    """kombu's Redis transport with the channel above (CELERY_BROKER_TRANSPORT)."""

    Channel = RedisChannel
