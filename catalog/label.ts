/** A name in both of the product's languages: Chinese first, the language of the bureau. */
export interface Label {
  zh: string;
  en: string;
}
