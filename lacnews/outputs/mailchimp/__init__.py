"""An issue as a draft campaign in Mailchimp, its pictures hosted there: the output of `lacnews push`.

``client`` is the bounded transport and the list of the only requests it may make (no send, schedule or
replicate); ``campaigns`` the draft, its test email and checklist; ``files`` the pictures in the File
Manager and their addresses in the email; ``record`` mailchimp.json, what was made, for the next push.
"""
