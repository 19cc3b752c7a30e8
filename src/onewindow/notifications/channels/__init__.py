"""External notification channels (SMS, email, …) as plug-ins; see ``base`` and ``registry``."""
