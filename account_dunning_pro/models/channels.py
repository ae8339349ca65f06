# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The channels a dunning level can use, declared once.

The order is the order in which a level carries its channels out, and the fallback
chain: a channel that cannot reach the customer hands over to the next reachable one.
The history's ``channel`` field, the labels and the fallback order read this list;
each channel's reachability check and sender live side by side in the processor, as
``_check_<code>`` and ``_send_<code>``. Adding a channel is one entry here, a switch
field on the level, and those two methods.
"""

from typing import NamedTuple


class DunningChannel(NamedTuple):
    code: str
    label: str
    level_field: str  # the boolean of account.dunning.level that switches it on


CHANNELS = (
    DunningChannel("email", "Email", "send_email"),
    DunningChannel("sms", "SMS", "send_sms"),
    DunningChannel("letter", "Letter", "send_letter"),
    DunningChannel("call", "Call task", "create_activity"),
)
CHANNEL_CODES = tuple(channel.code for channel in CHANNELS)
CHANNEL_SELECTION = [(channel.code, channel.label) for channel in CHANNELS]
