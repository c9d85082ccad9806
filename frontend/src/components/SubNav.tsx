import { Link } from "react-router-dom";

/** The menu of a group of pages (an organisation's administration, the
 * platform's): links, the current one marked with `aria-current`. */
export function SubNav({ label, links }: { label: string; links: { to: string; text: string; current: boolean }[] }) {
  return (
    <nav aria-label={label} className="fr-mb-4w">
      <ul className="relais-subnav">
        {links.map((link) => (
          <li key={link.to}>
            <Link to={link.to} className="fr-link" aria-current={link.current ? "page" : undefined}>
              {link.text}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
