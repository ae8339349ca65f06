/* Copyright 2026 account_dunning_pro authors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
/**
 * Steps shared by the users' walks of account_dunning_pro.
 *
 * The walks are data-driven: the Python test decides, from the database and as
 * the user who walks, what the user must find (which customers, how many lines,
 * which invoices) and gives it to the tour as the `accountDunningPro` option of
 * `odoo.startTour`. The tour keeps its options across page loads.
 */
import { tourState } from "@web_tour/js/tour_state";

/**
 * The tour's steps, built from its data; one failing step when the test gave none.
 *
 * @param {(data: Object) => Object[]} build
 */
export function walkSteps(build) {
    // no configuration yet when the test asks whether the tour is ready
    const data = tourState.getCurrentConfig()?.accountDunningPro;
    if (!data) {
        return [
            {
                content: "the tour needs its data",
                trigger: "body",
                run() {
                    throw new Error(
                        "account_dunning_pro: this tour is started by its Python test, " +
                            "with the accountDunningPro option",
                    );
                },
            },
        ];
    }
    return build(data);
}

/**
 * Fail the tour at once, with its message, when an error dialog opens (an RPC
 * error, an access error, a UserError): once per page load.
 */
export function watchErrorDialogs() {
    return {
        content: "fail at once on any error dialog",
        trigger: "body",
        run() {
            if (window.accountDunningProErrorWatch) {
                return;
            }
            const report = () => {
                for (const dialog of document.querySelectorAll(".o_error_dialog")) {
                    if (!dialog.dataset.accountDunningProReported) {
                        dialog.dataset.accountDunningProReported = "1";
                        console.error(
                            `account_dunning_pro walk: an error dialog opened: ${dialog.innerText}`,
                        );
                    }
                }
            };
            window.accountDunningProErrorWatch = new MutationObserver(report);
            window.accountDunningProErrorWatch.observe(document.body, {
                childList: true,
                subtree: true,
            });
            report();
        },
    };
}

/** Fail with `message` unless `condition`. */
export function check(condition, message) {
    if (!condition) {
        throw new Error(`account_dunning_pro walk: ${message}`);
    }
}

/** The text of an element, its runs of white space as one space. */
export function textOf(element) {
    return (element?.innerText || "").replace(/\s+/g, " ").trim();
}

/** Open an item of the Invoicing › Customers menu, by its XML id, in its `view` type. */
export function openCustomersMenu(menuXmlid, title, view = "list") {
    return [
        {
            content: "open the Customers menu",
            trigger: '.o_menu_sections [data-menu-xmlid="account.menu_finance_receivables"]',
            run: "click",
        },
        {
            content: `open ${title}`,
            trigger: `.dropdown-item[data-menu-xmlid="${menuXmlid}"]`,
            run: "click",
        },
        {
            content: `${title} opens`,
            trigger: `.o_${view}_view .o_breadcrumb .active:contains("${title}")`,
        },
    ];
}

/** Tick the row of `name` (in the column `column`) in the list on screen. */
export function selectRow(name, column = "partner_id") {
    return {
        content: `select ${name}`,
        trigger: `.o_list_view .o_data_row td[name=${column}]:contains("${name}")`,
        async run({ click }) {
            const row = this.anchor.closest(".o_data_row");
            const box = row.querySelector(".o_list_record_selector input");
            check(!box.checked, `${name} is listed twice`);
            await click(box);
        },
    };
}
