"""Pages of the feedback app: thin views over forms, selectors and services.

Confidential complaints are fetched only through
`feedback.selectors.complaints.complaint_get_for` (or the service
`complaint_open_for`, which also logs the access); anything a viewer may not see
answers 404.
"""
