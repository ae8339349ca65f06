# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A firm reminder, sent from "Send now", reaches the customer's mailbox.

Two invoices 20 days overdue put the customer at the Standard scenario's
"Firm reminder" level (email + SMS). The email is followed from the wizard
to the SMTP server, through Odoo's mail queue.
"""

import email
import html
import re
from email import policy
from email.utils import getaddresses, parseaddr


def test_firm_reminder_email_is_delivered(odoo, dunning, smtp_sink, tag):
    sink, _port = smtp_sink
    company = odoo.company
    customer_id = dunning.create_customer(
        f"Mail Test {tag} SAS", f"contact.{tag}@customer.example.com"
    )
    # the reminder goes to the invoicing contact, not to the company's address
    billing_email = f"billing.{tag}@customer.example.com"
    billing_id = odoo.call(
        "res.partner",
        "create",
        {
            "parent_id": customer_id,
            "type": "invoice",
            "name": f"Accounts payable {tag}",
            "email": billing_email,
        },
    )
    invoices = dunning.create_overdue_invoices(customer_id, [1200.00, 2345.67], days_late=20)

    # a customer never reminded starts at the first level unless its scenario may
    # jump to the level due: this test is about that level's document
    standard_id = odoo.ref(f"{dunning.module}.account_dunning_policy_standard")
    odoo.call("account.dunning.policy", "write", [standard_id], {"allow_level_jump": True})
    try:
        event_ids = dunning.send_now(customer_id)

        firm_level_id = odoo.ref(f"{dunning.module}.account_dunning_level_standard_firm")
        email_event = dunning.done_event(customer_id, "email")
        sms_event = dunning.done_event(customer_id, "sms")
        assert {email_event["id"], sms_event["id"]} <= set(event_ids)
        assert email_event["level_id"][0] == firm_level_id
        assert sorted(email_event["move_ids"]) == sorted(move["id"] for move in invoices)
        assert email_event["mail_message_id"], "the email event names no message"
        message_id = email_event["mail_message_id"][0]

        dunning.flush_mail_queue()
        received = sink.wait_for(billing_email, poke=dunning.flush_mail_queue)
        assert received, (
            f"no message for {billing_email} reached the SMTP server within 30 s; received for: "
            f"{[mail.rcpt_tos for mail in sink.messages]}; mail.mail of the reminder: "
            + repr(
                odoo.call(
                    "mail.mail",
                    "search_read",
                    [("mail_message_id", "=", message_id)],
                    fields=["state", "failure_reason", "email_to", "recipient_ids"],
                )
            )
        )
        assert len(received) == 1, f"{len(received)} messages for {billing_email}"
        assert not sink.received_by(f"contact.{tag}@customer.example.com"), (
            "the reminder also went to the company's own address instead of its invoicing contact"
        )
        msg = email.message_from_bytes(received[0].content, policy=policy.default)

        # envelope and headers
        to_addresses = [address.lower() for _name, address in getaddresses(msg.get_all("To", []))]
        assert billing_email in to_addresses, msg["To"]
        assert parseaddr(msg["From"])[1].lower() == company["email"].lower(), msg["From"]
        lang = odoo.read_one("res.partner", customer_id, ["lang"])["lang"]
        level = odoo.read_one("account.dunning.level", firm_level_id, ["mail_template_id"])
        template = odoo.read_one(
            "mail.template", level["mail_template_id"][0], ["subject"], context={"lang": lang}
        )
        expected_subject = re.sub(r"\{\{.*?\}\}", company["name"], template["subject"])
        assert company["name"] in expected_subject
        assert msg["Subject"] == expected_subject

        # body: the invoices, their amounts due, the total and a pay-now link
        html_part = msg.get_body(preferencelist=("html",))
        assert html_part is not None, "the reminder has no HTML part"
        body = html_part.get_content()
        text = dunning.html_to_text(body)
        digits = company["currency"]["decimal_places"]
        for move in invoices:
            assert move["name"] in text, f"invoice {move['name']} missing from the email"
            amount = dunning.format_number(move["amount_residual"], lang, digits)
            assert amount in text, f"amount due {amount} of {move['name']} missing from the email"
        total = dunning.format_number(sum(m["amount_residual"] for m in invoices), lang, digits)
        assert total in text, f"total due {total} missing from the email"
        hrefs = [html.unescape(href) for href in re.findall(r'href="([^"]*)"', body)]
        assert f"{odoo.url}/my/invoices" in hrefs, f"no pay-now link to /my/invoices in {hrefs}"

        # Odoo's side: the message was sent, not left in the queue or failed
        mails = odoo.call(
            "mail.mail",
            "search_read",
            [("mail_message_id", "=", message_id)],
            fields=["state", "failure_reason"],
        )
        assert all(mail["state"] == "sent" for mail in mails), mails
        notifications = odoo.call(
            "mail.notification",
            "search_read",
            [("mail_message_id", "=", message_id), ("res_partner_id", "=", billing_id)],
            fields=["notification_type", "notification_status", "failure_reason"],
        )
        assert [(n["notification_type"], n["notification_status"]) for n in notifications] == [
            ("email", "sent")
        ], notifications
    finally:
        odoo.call("account.dunning.policy", "write", [standard_id], {"allow_level_jump": False})
