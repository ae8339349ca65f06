/* Copyright 2026 account_dunning_pro authors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
/**
 * A sales rep before visiting customers: each customer's form, its Dunning tab,
 * its chase history and one line of it, read-only, without an error.
 *
 * Data (from tests/test_dunning_tours.py): `{customers: [{id, name, rows, line,
 * invoice_names}]}`: `rows` lines of history on the tab, `line` the index of the
 * line to open (null: none), whose form names `invoice_names`.
 */
import { registry } from "@web/core/registry";
import { check, textOf, walkSteps, watchErrorDialogs } from "./dunning_tour_utils";

function checkDunningTab(customer) {
    const pane = document.querySelector(".o_notebook .tab-pane.active");
    const rows = pane.querySelectorAll(".o_field_widget[name=dunning_event_ids] .o_data_row");
    check(
        rows.length === customer.rows,
        `${customer.name}: ${rows.length} lines of chase history shown, ${customer.rows} expected`,
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
