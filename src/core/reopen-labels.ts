/**
 * The reopen control's label in every shipped language, taken from `locales/` (bundlers keep only the `reopen`
 * key of each file): the eager stage shows it without loading a language file or i18next.
 */
import { reopen as en } from '../../locales/en.json';
import { reopen as bg } from '../../locales/bg.json';
import { reopen as cs } from '../../locales/cs.json';
import { reopen as da } from '../../locales/da.json';
import { reopen as de } from '../../locales/de.json';
import { reopen as el } from '../../locales/el.json';
import { reopen as es } from '../../locales/es.json';
import { reopen as et } from '../../locales/et.json';
import { reopen as fi } from '../../locales/fi.json';
import { reopen as fr } from '../../locales/fr.json';
import { reopen as ga } from '../../locales/ga.json';
import { reopen as hr } from '../../locales/hr.json';
import { reopen as hu } from '../../locales/hu.json';
import { reopen as it } from '../../locales/it.json';
import { reopen as lt } from '../../locales/lt.json';
import { reopen as lv } from '../../locales/lv.json';
import { reopen as mt } from '../../locales/mt.json';
import { reopen as nl } from '../../locales/nl.json';
import { reopen as pl } from '../../locales/pl.json';
import { reopen as pt } from '../../locales/pt.json';
import { reopen as ro } from '../../locales/ro.json';
import { reopen as sk } from '../../locales/sk.json';
import { reopen as sl } from '../../locales/sl.json';
import { reopen as sv } from '../../locales/sv.json';
import { reopen as ptBr } from '../../locales/pt-br.json';
import { reopen as nb } from '../../locales/nb.json';
import { reopen as tr } from '../../locales/tr.json';
import { reopen as uk } from '../../locales/uk.json';
import { reopen as ja } from '../../locales/ja.json';
import { reopen as zh } from '../../locales/zh.json';
import { reopen as ko } from '../../locales/ko.json';
import { reopen as ar } from '../../locales/ar.json';
import { reopen as he } from '../../locales/he.json';

export const REOPEN_LABELS: Readonly<Record<string, string>> = {
  en: en.label,
  bg: bg.label,
  cs: cs.label,
  da: da.label,
  de: de.label,
  el: el.label,
  es: es.label,
  et: et.label,
  fi: fi.label,
  fr: fr.label,
  ga: ga.label,
  hr: hr.label,
  hu: hu.label,
  it: it.label,
  lt: lt.label,
  lv: lv.label,
  mt: mt.label,
  nl: nl.label,
  pl: pl.label,
  pt: pt.label,
  ro: ro.label,
  sk: sk.label,
  sl: sl.label,
  sv: sv.label,
  'pt-br': ptBr.label,
  nb: nb.label,
  tr: tr.label,
  uk: uk.label,
  ja: ja.label,
  zh: zh.label,
  ko: ko.label,
  ar: ar.label,
  he: he.label,
};
