"""政府信息公开: proactive disclosure, requests on application and the annual report, under the
Regulations on Open Government Information (政府信息公开条例, 2019)."""
