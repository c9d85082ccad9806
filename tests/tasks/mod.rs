mod imports;
mod offers;
mod recommend;
