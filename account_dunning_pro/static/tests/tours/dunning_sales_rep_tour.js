/* Copyright 2026 account_dunning_pro authors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
/**
 * A sales rep before visiting customers: each customer's form, its smart buttons,
 * its Dunning tab (next action, risk, arrangements, chase history with the links
 * to what was sent) and one line of it, read-only, without an error; then its
 * payment plans from their smart button.
 *
 * Data (from tests/test_dunning_tours.py): `{customers: [{id, name, rows, line,
 * invoice_names, buttons, next_action, explained, promises, plans, disputes,
 * messages, letters}]}`: `rows` lines of history on the tab, `line` the index of
 * the line to open (null: none), whose form names `invoice_names`; `buttons` the
 * smart buttons shown (by method name); `next_action` and `explained` whether the
 * next action and the risk score's explanation show; `promises`, `plans` and
 * `disputes` the rows of the open arrangements; `messages` and `letters` the
 * links to the messages and letters sent among the history lines.
 */
import { registry } from "@web/core/registry";
import { check, textOf, walkSteps, watchErrorDialogs } from "./dunning_tour_utils";

// Smart buttons that would change nothing but that a sales rep cannot follow.
const NOT_FOR_SALES_REPS = ["action_dunning_open_overdue"];

/** The first element matching `selector`, once it shows (null after `timeout` ms). */
async function waitFor(selector, timeout = 5000) {
    const start = Date.now();
    while (Date.now() - start < timeout) {
        const element = document.querySelector(selector);
        if (element) {
            return element;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return null;
}

/** The names of the form's smart buttons, those under "More" included. */
async function smartButtonNames(click) {
    const names = (root) =>
        [...(root?.querySelectorAll("button[name]") || [])].map((b) => b.getAttribute("name"));
    const shown = names(document.querySelector(".o_form_view .o-form-buttonbox"));
    const more = document.querySelector(".o_form_view .o-form-buttonbox .o_button_more");
    if (more) {
        await click(more);
        shown.push(...names(await waitFor(".o_dropdown_more")));
        await click(more);
    }
    return shown;
}

async function checkSmartButtons(customer, click) {
    const shown = (await smartButtonNames(click)).filter(
        (name) => name.startsWith("action_dunning") || name === "action_open_dunning_events",
    );
    for (const name of customer.buttons) {
        check(shown.includes(name), `${customer.name}: the smart button ${name} is missing`);
    }
    for (const name of NOT_FOR_SALES_REPS) {
        check(!shown.includes(name), `${customer.name}: the sales rep is offered ${name}`);
    }
}

function countRows(pane, field) {
    return pane.querySelectorAll(`.o_field_widget[name=${field}] .o_data_row`).length;
}

function checkDunningTab(customer) {
    const pane = document.querySelector(".o_notebook .tab-pane.active");
    const rows = pane.querySelectorAll(".o_field_widget[name=dunning_event_ids] .o_data_row");
    check(
        rows.length === customer.rows,
        `${customer.name}: ${rows.length} lines of chase history shown, ${customer.rows} expected`,
    );
    for (const field of ["promises", "plans", "disputes"]) {
        const shown = countRows(pane, `dunning_${field.slice(0, -1)}_ids`);
        check(
            shown === customer[field],
            `${customer.name}: ${shown} open ${field} shown, ${customer[field]} expected`,
        );
    }
    const history = pane.querySelector(".o_field_widget[name=dunning_event_ids]");
    const links = {
        messages: history.querySelectorAll("a[href^='/mail/message/']").length,
        letters: history.querySelectorAll("a[href^='/web/content/']").length,
    };
    for (const [kind, count] of Object.entries(links)) {
        check(
            count === customer[kind],
            `${customer.name}: ${count} links to the ${kind} sent, ${customer[kind]} expected`,
        );
    }
    const next = textOf(pane.querySelector("[name=dunning_next_action] .o_field_widget"));
    check(
        Boolean(next) === customer.next_action,
        `${customer.name}: the next action "${next}" shown, expected: ${customer.next_action}`,
    );
    const explanation = pane.querySelector(".o_field_widget[name=risk_score_explanation]");
    check(
        Boolean(explanation && textOf(explanation).includes("Risk score")) === customer.explained,
        `${customer.name}: how the score is made shown, expected: ${customer.explained}`,
    );
    const actions = [...pane.querySelectorAll("button[name]")].map((b) => b.getAttribute("name"));
    check(
        !actions.length,
        `${customer.name}: the sales rep is offered ${actions.join(", ")} on the Dunning tab`,
    );
    const editable = [...pane.querySelectorAll("input, select, textarea")].filter(
        (input) => !input.disabled && !input.readOnly && input.type !== "hidden",
    );
    check(
        !editable.length,
        `${customer.name}: the sales rep may edit ${editable
            .map((input) => input.closest(".o_field_widget")?.getAttribute("name") || input.name)
            .join(", ")} on the Dunning tab`,
    );
}

function openHistoryLine(customer) {
    const row = `.o_field_widget[name=dunning_event_ids] .o_data_row:nth-child(${customer.line + 1})`;
    return [
        {
            content: `${customer.name}: open line ${customer.line + 1} of its chase history`,
            trigger: `${row} td.o_data_cell`,
            run: "click",
        },
        {
            content: `${customer.name}: the line names its invoices`,
            trigger: ".modal .o_field_widget[name=partner_id]",
            run() {
                const modal = this.anchor.closest(".modal");
                check(
                    textOf(this.anchor).includes(customer.name),
                    `${customer.name}: the line is another customer's`,
                );
                const names = textOf(modal.querySelector(".o_field_widget[name=invoice_names]"));
                check(
                    names === customer.invoice_names,
                    `${customer.name}: the line names "${names}", ` +
                        `"${customer.invoice_names}" expected`,
                );
                check(
                    !modal.querySelector(
                        "button[name=action_validate], button[name=action_cancel], " +
                            "button[name=action_print_letters]",
                    ),
                    `${customer.name}: the sales rep is offered to act on the line`,
                );
            },
        },
        {
            content: "close the line",
            trigger: ".modal .btn-close",
            run: "click",
        },
        {
            content: "the line is closed",
            trigger: "body:not(:has(.modal))",
        },
    ];
}

function openPlans(customer) {
    return [
        {
            content: `${customer.name}: open its payment plans`,
            trigger: ".o_form_view .o-form-buttonbox",
            async run({ click }) {
                const selector = "button[name=action_dunning_open_plans]";
                let button = document.querySelector(`.o_form_view ${selector}`);
                if (!button) {
                    await click(document.querySelector(".o_form_view .o_button_more"));
                    button = await waitFor(`.o_dropdown_more ${selector}`);
                }
                check(button, `${customer.name}: no payment plans button`);
                await click(button);
            },
        },
        {
            content: `${customer.name}: its payment plans open`,
            trigger: ".o_breadcrumb .active:contains(Payment plans)",
        },
        {
            content: `${customer.name}: its payment plans, read-only`,
            trigger: ".o_view_controller.o_list_view .o_data_row",
            run() {
                const rows = document.querySelectorAll(".o_view_controller.o_list_view .o_data_row");
                check(
                    rows.length === customer.plans_all,
                    `${customer.name}: ${rows.length} payment plans, ${customer.plans_all} expected`,
                );
                check(
                    !document.querySelector(".o_list_button_add"),
                    `${customer.name}: the sales rep is offered to create a payment plan`,
                );
            },
        },
    ];
}

function visitCustomer(customer) {
    return [
        {
            content: `open ${customer.name}`,
            trigger: "body",
            run: `goToUrl /odoo/customers/${customer.id}`,
            expectUnloadPage: true,
        },
        watchErrorDialogs(),
        {
            content: `${customer.name}: open the Dunning tab`,
            trigger: ".o_form_view .o_notebook .nav-link[name=dunning]",
            async run({ click }) {
                const title = textOf(document.querySelector(".o_breadcrumb .active"));
                check(title.includes(customer.name), `"${title}" opened for ${customer.name}`);
                await checkSmartButtons(customer, click);
                await click(this.anchor);
            },
        },
        {
            content: `${customer.name}: its chase history, read-only`,
            trigger: ".o_notebook .nav-link.active[name=dunning]",
            run() {
                checkDunningTab(customer);
            },
        },
        ...(customer.line === null ? [] : openHistoryLine(customer)),
        {
            content: `${customer.name}: nothing to save`,
            trigger: ".o_form_view",
            run({ queryFirst }) {
                check(
                    !queryFirst(".o_form_button_save", { visible: true }),
                    `${customer.name}: the form has changes to save`,
                );
            },
        },
        ...(customer.plans_all ? openPlans(customer) : []),
    ];
}

registry.category("web_tour.tours").add("account_dunning_pro_sales_rep_walk", {
    steps: () =>
        walkSteps(({ customers }) => [
            watchErrorDialogs(),
            {
                content: "the sales rep's customers list opens",
                trigger: ".o_list_view .o_data_row",
            },
            ...customers.flatMap(visitCustomer),
        ]),
});
