/* Copyright 2026 account_dunning_pro authors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
/**
 * A credit controller's morning: Invoicing › Customers › Follow-up, "Send now" on
 * a customer after its preview, the reminders to validate sent, the letters to
 * print printed, without an error.
 *
 * Data (from tests/test_dunning_tours.py), each part optional:
 * `{send_now: {names, level, channels, sent}, validate: {names, sent},
 *   letters: {count}}`: `sent` reminders are expected from each sending.
 */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";
import {
    check,
    openCustomersMenu,
    selectRow,
    textOf,
    walkSteps,
    watchErrorDialogs,
} from "./dunning_tour_utils";

/** What a sending opened: the reminder sent (its form), or the list of them. */
function checkSent(names, sent) {
    if (sent === 1) {
        return [
            {
                content: "one reminder sent, for the right customer",
                trigger: ".o_form_view .o_field_widget[name=status]:contains(Sent)",
                run() {
                    const customer = textOf(
                        document.querySelector(".o_form_view .o_field_widget[name=partner_id]"),
                    );
                    check(names.includes(customer), `a reminder was sent to ${customer}`);
                },
            },
        ];
    }
    return [
        {
            content: "the reminders sent are shown",
            trigger: ".o_breadcrumb .active:contains(Reminders sent)",
        },
        {
            content: `${sent} reminders sent`,
            trigger: ".o_list_view .o_data_row td[name=status]",
            run() {
                const rows = document.querySelectorAll(".o_list_view .o_data_row");
                check(rows.length === sent, `${rows.length} reminders sent, ${sent} expected`);
                for (const row of rows) {
                    const customer = textOf(row.querySelector("td[name=partner_id]"));
                    check(names.includes(customer), `a reminder was sent to ${customer}`);
                }
            },
        },
    ];
}

function sendNow({ names, level, channels, sent }) {
    return [
        ...openCustomersMenu(
            "account_dunning_pro.account_dunning_followup_menu",
            "Follow-up",
            "kanban",
        ),
        {
            content: "the follow-up as a list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        ...names.map((name) => selectRow(name)),
        {
            content: "Send now",
            trigger: "button[name=action_dunning_send_now]",
            run: "click",
        },
        {
            content: "the preview shows the level and the channels",
            trigger: ".modal .o_field_widget[name=preview_html] table",
            run() {
                const preview = textOf(this.anchor);
                for (const expected of [...names, level, ...channels]) {
                    check(
                        preview.includes(expected),
                        `"${expected}" not in the preview: ${preview}`,
                    );
                }
            },
        },
        {
            content: "send",
            trigger: ".modal button[name=action_send]",
            run: "click",
        },
        ...checkSent(names, sent),
    ];
}

function validate({ names, sent }) {
    return [
        ...openCustomersMenu(
            "account_dunning_pro.account_dunning_event_to_validate_menu",
            "Reminders to validate",
        ),
        ...names.map((name) => selectRow(name)),
        {
            content: "send the prepared reminders",
            trigger: "button[name=action_validate]",
            run: "click",
        },
        ...checkSent(names, sent),
    ];
}

function printLetters({ count }) {
    return [
        ...openCustomersMenu(
            "account_dunning_pro.account_dunning_event_letters_menu",
            "Letters to print",
        ),
        {
            content: `${count} letters to print`,
            trigger: ".o_list_view .o_data_row",
            run() {
                const rows = document.querySelectorAll(".o_list_view .o_data_row");
                check(rows.length === count, `${rows.length} letters to print, ${count} expected`);
            },
        },
        {
            content: "select them all",
            trigger: ".o_list_view thead .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Print letters",
            trigger: "button[name=action_print_letters]",
            run: "click",
        },
        {
            content: "the letters are downloaded and no longer to print",
            trigger: ".o_list_view:not(:has(.o_data_row))",
            timeout: 60000,
        },
    ];
}

registry.category("web_tour.tours").add("account_dunning_pro_controller_morning", {
    steps: () =>
        walkSteps((data) => [
            watchErrorDialogs(),
            ...stepUtils.goToAppSteps("account.menu_finance", "Open Invoicing"),
            ...(data.send_now ? sendNow(data.send_now) : []),
            ...(data.validate ? validate(data.validate) : []),
            ...(data.letters ? printLetters(data.letters) : []),
        ]),
});
