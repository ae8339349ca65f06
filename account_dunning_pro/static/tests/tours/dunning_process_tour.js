/* Copyright 2026 account_dunning_pro authors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
/**
 * A credit controller validates and processes: the reminders the night prepared,
 * previewed, one discarded with its reason and the others sent in one go; then two
 * customers of the follow-up list walked through the one-by-one screen (the first
 * sent with an edited subject, the second skipped with a reason), and back to the
 * list at the end.
 *
 * Data (from tests/test_dunning_process_tour.py), each part optional:
 * `{batch: {names, level, discard: {name, reason}},
 *   one_by_one: {names, level, subject, skip_reason}}`.
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

function batch({ names, level, discard }) {
    return [
        ...openCustomersMenu(
            "account_dunning_pro.account_dunning_event_to_validate_menu",
            "Reminders to validate",
        ),
        ...names.map((name) => selectRow(name)),
        {
            content: "preview the prepared reminders",
            trigger: "button[name=action_preview]",
            run: "click",
        },
        {
            content: "each reminder previewed: customer, level, channel, amount",
            trigger: ".modal .o_field_widget[name=line_ids] .o_data_row",
            run() {
                const rows = [...document.querySelectorAll(".modal .o_data_row")];
                check(rows.length === names.length, `${rows.length} reminders previewed`);
                for (const row of rows) {
                    const customer = textOf(row.querySelector("td[name=partner_id]"));
                    check(names.includes(customer), `${customer} is previewed`);
                    check(
                        textOf(row.querySelector("td[name=level_id]")).includes(level),
                        `${customer}: level ${level}`,
                    );
                    check(textOf(row.querySelector("td[name=channels]")), `${customer}: channels`);
                    check(textOf(row.querySelector("td[name=amount_due]")), `${customer}: amount`);
                }
            },
        },
        {
            content: `discard the reminder of ${discard.name}`,
            trigger: `.modal .o_data_row:contains("${discard.name}") td[name=discard] input`,
            run: "click",
        },
        {
            content: "say why",
            trigger: `.modal .o_data_row:contains("${discard.name}") td[name=discard_reason]`,
            run: "click",
        },
        {
            content: "the reason",
            trigger: `.modal .o_data_row:contains("${discard.name}") [name=discard_reason] input`,
            run: `edit ${discard.reason}`,
        },
        {
            content: "confirm: the others are sent, that one discarded",
            trigger: ".modal footer button[name=action_confirm]",
            run: "click",
        },
        {
            content: "the reminder sent opens",
            trigger: ".o_form_view .o_field_widget[name=status]:contains(Sent)",
            run() {
                const customer = textOf(
                    document.querySelector(".o_form_view .o_field_widget[name=partner_id]"),
                );
                check(
                    customer !== discard.name && names.includes(customer),
                    `a reminder was sent to ${customer}`,
                );
            },
        },
    ];
}

/** The follow-up list, as a list (the action may open another view first). */
function openFollowUpList() {
    return [
        {
            content: "open the Customers menu",
            trigger: '.o_menu_sections [data-menu-xmlid="account.menu_finance_receivables"]',
            run: "click",
        },
        {
            content: "open Follow-up",
            trigger:
                '.dropdown-item[data-menu-xmlid="account_dunning_pro.account_dunning_followup_menu"]',
            run: "click",
        },
        {
            content: "Follow-up opens",
            trigger: ".o_breadcrumb .active:contains(Follow-up)",
            async run({ click }) {
                const list = document.querySelector(".o_switch_view.o_list");
                if (list && !list.classList.contains("active")) {
                    await click(list);
                }
            },
        },
        {
            content: "as a list",
            trigger: ".o_list_view .o_data_row",
        },
    ];
}

function checkCustomer(name, position, count, level) {
    return {
        content: `${position} of ${count}: ${name}`,
        trigger: `.o_form_view .o_dunning_process_progress:contains("${position} of ${count}")`,
        run() {
            const customer = textOf(
                document.querySelector(".o_form_view .oe_title .o_field_widget[name=partner_id]"),
            );
            check(customer === name, `${customer} on screen, ${name} expected`);
            const due = textOf(document.querySelector(".o_form_view [name=level_id]"));
            check(due.includes(level), `reminder due: ${due}, ${level} expected`);
        },
    };
}

function checkInvoices(name) {
    return [
        {
            content: "open its overdue invoices",
            trigger: ".o_form_view .o_notebook .nav-link:contains(Overdue invoices)",
            run: "click",
        },
        {
            content: `${name}: its overdue invoices are listed`,
            trigger: ".o_form_view [name=move_ids] .o_data_row",
        },
    ];
}

function oneByOne({ names, level, subject, skip_reason: skipReason }) {
    const [first, second] = names;
    return [
        ...openFollowUpList(),
        ...names.map((name) => selectRow(name)),
        {
            content: "open the actions",
            trigger: ".o_cp_action_menus button:contains(Actions)",
            run: "click",
        },
        {
            content: "Process one by one",
            trigger: ".o-dropdown--menu .o_menu_item:contains(Process one by one)",
            run: "click",
        },
        checkCustomer(first, 1, 2, level),
        ...checkInvoices(first),
        {
            content: "open the email",
            trigger: ".o_form_view .o_notebook .nav-link:contains(Email)",
            run: "click",
        },
        {
            content: "edit its subject",
            trigger: ".o_form_view .o_field_widget[name=email_subject] input",
            run: `edit ${subject}`,
        },
        {
            content: "send",
            trigger: ".o_form_view button[name=action_send]",
            run: "click",
        },
        checkCustomer(second, 2, 2, level),
        ...checkInvoices(second),
        {
            content: "say why it is skipped",
            trigger: ".o_form_view .o_field_widget[name=skip_reason] input",
            run: `edit ${skipReason}`,
        },
        {
            content: "skip",
            trigger: ".o_form_view button[name=action_skip]",
            run: "click",
        },
        {
            content: "the end of the list: what was done for each",
            trigger: ".o_form_view h1:contains(Every customer is processed)",
            run() {
                const rows = [
                    ...document.querySelectorAll(".o_form_view [name=line_ids] .o_data_row"),
                ];
                const results = rows.map((row) => textOf(row.querySelector("td[name=result]")));
                check(
                    results.join("|") === "Reminder sent|Skipped",
                    `results: ${results.join(", ")}`,
                );
            },
        },
        {
            content: "back to the follow-up list",
            trigger: ".o_form_view button[name=action_back_to_list]",
            run: "click",
        },
        {
            content: "the follow-up list is back",
            trigger: ".o_breadcrumb .active:contains(Follow-up)",
        },
    ];
}

registry.category("web_tour.tours").add("account_dunning_pro_process_walk", {
    steps: () =>
        walkSteps((data) => [
            watchErrorDialogs(),
            ...stepUtils.goToAppSteps("account.menu_finance", "Open Invoicing"),
            ...(data.batch ? batch(data.batch) : []),
            ...(data.one_by_one ? oneByOne(data.one_by_one) : []),
        ]),
});
