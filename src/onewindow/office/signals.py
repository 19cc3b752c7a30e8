"""What the office's services announce to the rest of the app: ``document_issued`` (kwargs
``document``, ``actor``) is sent inside the issuing transaction, so a receiver's writes commit
or roll back with the number and the seal (issued minutes turn their decisions into
instructions: ``office.meetings.on_document_issued``)."""

from django.dispatch import Signal

document_issued = Signal()
